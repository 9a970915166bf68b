package io.turnstile.policy;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints access tokens the way the Turnstile issuer does (RFC 9068, {@code typ: at+jwt}, RS256), with
 * builders so that each test changes only what it is about.
 */
final class TestTokens {

	static final String ISSUER = "https://id.example.com";

	static final String AUDIENCE = ISSUER + "/content";

	static final Instant NOW = Instant.ofEpochSecond(1_798_000_100L);

	private TestTokens() {
	}

	static RSAKey rsaKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The claims of a premium person's token issued a minute before {@link #NOW}, valid for five minutes.
	 */
	static JWTClaimsSet.Builder premiumClaims() {
		return new JWTClaimsSet.Builder()
				.issuer(ISSUER)
				.audience(AUDIENCE)
				.subject(TestClaims.SUBJECT)
				.jwtID(TestClaims.TOKEN_ID)
				.issueTime(Date.from(NOW.minusSeconds(60)))
				.expirationTime(Date.from(NOW.plusSeconds(240)))
				.claim("client_id", "tv-app")
				.claim("scope", "openid entitlements")
				.claim("did", TestClaims.DEVICE)
				.claim("ent", Map.of(
						"tier", "premium",
						"features", List.of("sd", "hd", "uhd", "downloads", "ad_free"),
						"streams", 4,
						"ppv", List.of(Map.of("id", "fight-night-2026-12", "nbf", 1_798_000_000L, "exp",
								1_798_200_000L)),
						"ver", 17));
	}

	static JWSHeader.Builder header(RSAKey key) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt"));
	}

	static String sign(RSAKey key, JWTClaimsSet claims) {
		return sign(header(key).build(), claims, signer(key));
	}

	static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
		SignedJWT jwt = new SignedJWT(Objects.requireNonNull(header), claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	static JWSSigner signer(RSAKey key) {
		try {
			return new RSASSASigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
