package io.turnstile.auth.token;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our RS256 encoder signs what Nimbus's encoder would, verifiably, with the active key, and leaves every other
 * header to the fallback.
 */
class RsaJwtEncoderTests {

	static final Instant NOW = Instant.parse("2026-11-22T22:00:00Z");

	final RSAKey key = generate();

	final RsaJwtEncoder encoder = new RsaJwtEncoder(() -> this.key, new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.key))));

	@Test
	void signsTokensNimbusVerifiesWithTheClaimsNimbusWouldEncode() throws Exception {
		JwtEncoderParameters parameters = accessTokenParameters(JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build());

		SignedJWT ours = SignedJWT.parse(this.encoder.encode(parameters).getTokenValue());
		SignedJWT nimbus = SignedJWT.parse(new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.key)))
			.encode(parameters)
			.getTokenValue());

		assertThat(ours.verify(new RSASSAVerifier(this.key.toRSAPublicKey()))).isTrue();
		assertThat(ours.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(ours.getHeader().getKeyID()).isEqualTo(this.key.getKeyID());
		JWTClaimsSet expected = nimbus.getJWTClaimsSet();
		JWTClaimsSet actual = ours.getJWTClaimsSet();
		assertThat(actual.getIssuer()).isEqualTo(expected.getIssuer());
		assertThat(actual.getSubject()).isEqualTo(expected.getSubject());
		assertThat(actual.getAudience()).isEqualTo(expected.getAudience());
		assertThat(actual.getIssueTime()).isEqualTo(expected.getIssueTime()).isEqualTo(Date.from(NOW));
		assertThat(actual.getExpirationTime()).isEqualTo(expected.getExpirationTime());
		assertThat(actual.getJWTID()).isEqualTo(expected.getJWTID());
		assertThat(actual.getStringClaim("scope")).isEqualTo(expected.getStringClaim("scope"));
		assertThat(actual.getJSONObjectClaim("ent")).isEqualTo(expected.getJSONObjectClaim("ent"));
		assertThat(actual.getJSONObjectClaim("cnf")).isEqualTo(expected.getJSONObjectClaim("cnf"));
	}

	@Test
	void theReturnedJwtCarriesTheHeadersAndClaimsAsGiven() {
		JwtEncoderParameters parameters = accessTokenParameters(JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build());

		Jwt jwt = this.encoder.encode(parameters);

		assertThat(jwt.getHeaders()).containsEntry("kid", this.key.getKeyID()).containsEntry("typ", "at+jwt");
		assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
		assertThat(jwt.getClaims()).isEqualTo(parameters.getClaims().getClaims());
	}

	@Test
	void aNewActiveKeySignsFromTheNextToken() throws Exception {
		AtomicReference<RSAKey> active = new AtomicReference<>(this.key);
		RsaJwtEncoder rotating = new RsaJwtEncoder(active::get, this.encoder);
		RSAKey next = generate();
		JwtEncoderParameters parameters = accessTokenParameters(JwsHeader.with(SignatureAlgorithm.RS256).build());
		rotating.encode(parameters);

		active.set(next);
		SignedJWT signed = SignedJWT.parse(rotating.encode(parameters).getTokenValue());

		assertThat(signed.getHeader().getKeyID()).isEqualTo(next.getKeyID());
		assertThat(signed.verify(new RSASSAVerifier(next.toRSAPublicKey()))).isTrue();
	}

	@Test
	void headersItDoesNotHandleGoToTheFallback() {
		Jwt fromFallback = Jwt.withTokenValue("fallback").header("alg", "none").claim("sub", "x").build();
		RsaJwtEncoder withMarker = new RsaJwtEncoder(() -> this.key, (parameters) -> fromFallback);

		assertThat(withMarker.encode(accessTokenParameters(JwsHeader.with(SignatureAlgorithm.RS256)
			.jwkSetUrl("https://attacker.example/jwks")
			.build()))).isSameAs(fromFallback);
		assertThat(withMarker.encode(accessTokenParameters(JwsHeader.with(SignatureAlgorithm.ES256).build())))
			.isSameAs(fromFallback);
		assertThat(withMarker.encode(accessTokenParameters(JwsHeader.with(SignatureAlgorithm.RS256).keyId("another").build())))
			.isSameAs(fromFallback);
	}

	private static JwtEncoderParameters accessTokenParameters(JwsHeader header) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer("https://id.example")
			.subject("person-1")
			.audience(List.of("https://id.example/content"))
			.issuedAt(NOW)
			.notBefore(NOW)
			.expiresAt(NOW.plusSeconds(300))
			.id("jti-1")
			.claim("client_id", "tv-app")
			.claim("scope", "openid entitlements")
			.claim("ent", Map.of("tier", "premium", "features", List.of("hdr", "uhd"), "streams", 4, "ppv",
					List.of(Map.of("id", "fight-night", "nbf", 1_700_000_000L, "exp", 1_700_010_000L)), "ver", 7L))
			.claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"))
			.build();
		return JwtEncoderParameters.from(header, claims);
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
