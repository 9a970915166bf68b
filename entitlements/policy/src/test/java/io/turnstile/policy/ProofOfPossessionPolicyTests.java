package io.turnstile.policy;

import java.net.URI;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DPoP-bound token is honoured only with a fresh proof of its key for this very request.
 */
class ProofOfPossessionPolicyTests {

	static final String HTU = "https://cdn.example.com/play/title-1";

	ECKey deviceKey;

	String token;

	EntitlementClaims claims;

	AccessPolicy policy = AccessPolicy.standard(TierCatalog.standard());

	@BeforeEach
	void setUp() throws Exception {
		this.deviceKey = new ECKeyGenerator(Curve.P_256).generate();
		JWTClaimsSet boundClaims = new JWTClaimsSet.Builder(TestTokens.premiumClaims().build())
			.claim("cnf", Map.of("jkt", this.deviceKey.computeThumbprint().toString()))
			.build();
		this.token = TestTokens.sign(TestTokens.rsaKey("k1"), boundClaims);
		this.claims = EntitlementClaims.from(boundClaims, this.token);
	}

	@Test
	void boundTokenWithAValidProofIsPermitted() throws Exception {
		assertThat(decide(proof(this.deviceKey, "GET", HTU + "?quality=hd", this.token)).permitted()).isTrue();
	}

	@Test
	void boundTokenWithoutAProofIsNotBoundToTheCaller() {
		assertThat(this.policy.decide(this.claims, ContentRequirement.of("title-1"), Context.at(TestTokens.NOW)))
			.isEqualTo(Decision.deny(Reason.TOKEN_NOT_BOUND_TO_CALLER));
	}

	@Test
	void proofOfAnotherKeyWrongRequestOrOtherTokenIsRefused() throws Exception {
		ECKey thief = new ECKeyGenerator(Curve.P_256).generate();

		assertThat(decide(proof(thief, "GET", HTU, this.token))).isEqualTo(Decision.deny(Reason.TOKEN_NOT_BOUND_TO_CALLER));
		assertThat(decide(proof(this.deviceKey, "POST", HTU, this.token)).permitted()).isFalse();
		assertThat(decide(proof(this.deviceKey, "GET", "https://cdn.example.com/other", this.token)).permitted()).isFalse();
		assertThat(decide(proof(this.deviceKey, "GET", HTU, "another.token.value")).permitted()).isFalse();
	}

	@Test
	void replayedOrStaleProofIsRefused() throws Exception {
		Context.DpopProof proof = proof(this.deviceKey, "GET", HTU, this.token);
		assertThat(decide(proof).permitted()).isTrue();

		assertThat(decide(proof)).isEqualTo(Decision.deny(Reason.TOKEN_NOT_BOUND_TO_CALLER));
		Context.DpopProof old = proof(this.deviceKey, "GET", HTU, this.token, TestTokens.NOW.minusSeconds(300));
		assertThat(decide(old)).isEqualTo(Decision.deny(Reason.TOKEN_NOT_BOUND_TO_CALLER));
	}

	@Test
	void bearerTokenNeedsNoProof() throws Exception {
		EntitlementClaims bearer = EntitlementClaims.from(TestTokens.premiumClaims().build(), "t");

		assertThat(this.policy.decide(bearer, ContentRequirement.of("title-1"), Context.at(TestTokens.NOW)).permitted())
			.isTrue();
	}

	private Decision decide(Context.DpopProof proof) {
		return this.policy.decide(this.claims, ContentRequirement.of("title-1"),
				Context.at(TestTokens.NOW).withDpopProof(proof));
	}

	private static Context.DpopProof proof(ECKey key, String htm, String htu, String token) throws Exception {
		return proof(key, htm, htu, token, TestTokens.NOW);
	}

	private static Context.DpopProof proof(ECKey key, String htm, String htu, String token, java.time.Instant iat)
			throws Exception {
		SignedJWT proof = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(),
				new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
					.issueTime(Date.from(iat))
					.claim("htm", htm)
					.claim("htu", htu)
					.claim("ath", DPoPProofs.sha256(token))
					.build());
		proof.sign(new ECDSASigner(key));
		return new Context.DpopProof(proof.serialize(), "GET", URI.create(HTU).toString());
	}

}
