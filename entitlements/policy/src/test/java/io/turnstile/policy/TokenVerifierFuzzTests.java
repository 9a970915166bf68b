package io.turnstile.policy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static io.turnstile.policy.TestTokens.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link TokenVerifier#verify(String)} with tokens built from the fuzzer's input: raw strings, the
 * issuer's valid token with characters changed, inserted or removed, and forged tokens (fuzzed header with
 * {@code alg}, {@code typ}, {@code kid}, {@code jku}, {@code x5u}, {@code jwk}, {@code crit}; fuzzed
 * claims; signed by the issuer's key, an attacker's RSA or EC key, HMAC with the issuer's public key, or
 * not at all). {@code verify} must never throw, and must accept only a token that an independent check
 * finds RS256-signed by the issuer's key, typed {@code at+jwt}, for our issuer and audience and not expired.
 * <p>
 * Runs as a regression test over the seeds in {@code TokenVerifierFuzzTestsInputs} without
 * {@code JAZZER_FUZZ}; with it (the {@code fuzz-token-verifier} Surefire execution) it fuzzes.
 */
class TokenVerifierFuzzTests {

	private static final long SKEW_SECONDS = 30;

	private static final RSAKey ISSUER_KEY = TestTokens.rsaKey("issuer-fuzz");

	private static final RSAKey ATTACKER_KEY = TestTokens.rsaKey("attacker-fuzz");

	private static final ECKey ATTACKER_EC_KEY = ecKey();

	private static final TokenVerifier VERIFIER = TokenVerifier.builder()
		.issuer(TestTokens.ISSUER)
		.audience(TestTokens.AUDIENCE)
		.jwkSet(new JWKSet(ISSUER_KEY))
		.clock(Clock.fixed(NOW, ZoneOffset.UTC))
		.build();

	private static final String VALID = TestTokens.sign(ISSUER_KEY, TestTokens.premiumClaims().build());

	private static final String[] ALGORITHMS = { "RS256", "RS384", "RS512", "PS256", "ES256", "HS256", "HS512",
			"none", "None", "NONE", "EdDSA", "" };

	private static final String[] TYPES = { "at+jwt", "application/at+jwt", "AT+JWT", "JWT", "jwt", "" };

	private static final String[] KEY_IDS = { "issuer-fuzz", "attacker-fuzz", "../../../../etc/passwd",
			"/dev/null", "' OR '1'='1", "\"; drop table signing_key; --", "issuer-fuzz\u0000", "" };

	@FuzzTest(maxDuration = "20s")
	void verifyNeverThrowsAndAcceptsOnlyTokensTheIssuerSigned(FuzzedDataProvider data) {
		String token = switch (data.consumeInt(0, 3)) {
			case 0 -> data.consumeRemainingAsString();
			case 1 -> mutated(data);
			case 2 -> forged(data);
			default -> forgedClaims(data);
		};

		TokenVerifier.Verification verification = VERIFIER.verify(token);

		if (verification instanceof TokenVerifier.Verified) {
			assertThat(issuerSignedAndValid(token)).as("accepted a token the issuer did not sign validly").isTrue();
		}
	}

	/** The issuer's valid token with a few characters replaced, inserted or removed. */
	private static String mutated(FuzzedDataProvider data) {
		StringBuilder token = new StringBuilder(VALID);
		int edits = data.consumeInt(1, 4);
		for (int i = 0; i < edits && token.length() > 0; i++) {
			int at = data.consumeInt(0, token.length() - 1);
			char c = data.consumeChar();
			switch (data.consumeInt(0, 2)) {
				case 0 -> token.setCharAt(at, c);
				case 1 -> token.insert(at, c);
				default -> token.deleteCharAt(at);
			}
		}
		return token.toString();
	}

	/** A token with a fuzzed header and the premium claims, signed one of several wrong (or right) ways. */
	private static String forged(FuzzedDataProvider data) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", pick(data, ALGORITHMS));
		if (data.consumeBoolean()) {
			header.put("typ", pick(data, TYPES));
		}
		if (data.consumeBoolean()) {
			header.put("kid", data.consumeBoolean() ? pick(data, KEY_IDS) : data.consumeString(80));
		}
		if (data.consumeBoolean()) {
			header.put("jku", "https://attacker.example/jwks.json");
		}
		if (data.consumeBoolean()) {
			header.put("x5u", "https://attacker.example/cert.pem");
		}
		if (data.consumeBoolean()) {
			header.put("jwk", ATTACKER_KEY.toPublicJWK().toJSONObject());
		}
		if (data.consumeBoolean()) {
			String name = data.consumeString(20);
			header.put("crit", List.of(name));
			header.put(name, data.consumeString(20));
		}
		if (data.consumeBoolean()) {
			header.put("b64", data.consumeBoolean());
		}
		String headerPart = Base64URL.encode(JSONObjectUtils.toJSONString(header)).toString();
		String payloadPart = TestTokens.premiumClaims().build().toPayload().toBase64URL().toString();
		return signed(data, headerPart + "." + payloadPart);
	}

	/** A well-formed header with fuzzed claims, signed one of several ways. */
	private static String forgedClaims(FuzzedDataProvider data) {
		JWTClaimsSet.Builder claims = TestTokens.premiumClaims();
		if (data.consumeBoolean()) {
			claims.issuer(data.consumeBoolean() ? TestTokens.ISSUER + "/" : data.consumeString(40));
		}
		if (data.consumeBoolean()) {
			claims.audience(data.consumeBoolean() ? List.of() : List.of(data.consumeString(40)));
		}
		if (data.consumeBoolean()) {
			claims.expirationTime(data.consumeBoolean() ? null : at(data.consumeLong(-3600, 3600)));
		}
		if (data.consumeBoolean()) {
			claims.notBeforeTime(at(data.consumeLong(-3600, 3600)));
		}
		if (data.consumeBoolean()) {
			claims.subject(data.consumeBoolean() ? null : data.consumeString(70));
		}
		if (data.consumeBoolean()) {
			claims.jwtID(null);
		}
		if (data.consumeBoolean()) {
			claims.claim("ent", data.consumeBoolean() ? data.consumeString(40)
					: Map.of("tier", data.consumeString(20), "ver", data.consumeLong(), "streams", data.consumeInt()));
		}
		String payloadPart;
		if (data.consumeBoolean()) {
			// not even JSON, or JSON that is not an object
			payloadPart = Base64URL.encode(data.consumeString(200).getBytes(StandardCharsets.UTF_8)).toString();
		}
		else {
			payloadPart = claims.build().toPayload().toBase64URL().toString();
		}
		JWSHeader header = TestTokens.header(ISSUER_KEY).build();
		return signed(data, header.toBase64URL() + "." + payloadPart);
	}

	private static String signed(FuzzedDataProvider data, String signingInput) {
		byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
		Base64URL signature;
		try {
			signature = switch (data.consumeInt(0, 6)) {
				case 0 -> sign(TestTokens.signer(ISSUER_KEY), JWSAlgorithm.RS256, input);
				case 1 -> sign(TestTokens.signer(ATTACKER_KEY), JWSAlgorithm.RS256, input);
				case 2 -> sign(new MACSigner(ISSUER_KEY.toRSAPublicKey().getEncoded()), JWSAlgorithm.HS256, input);
				case 3 -> sign(new ECDSASigner(ATTACKER_EC_KEY), JWSAlgorithm.ES256, input);
				case 4 -> SignedJWT.parse(VALID).getSignature();
				case 5 -> Base64URL.encode(data.consumeBytes(512));
				default -> null;
			};
		}
		catch (JOSEException | java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
		return signingInput + "." + ((signature != null) ? signature.toString() : "");
	}

	private static Base64URL sign(JWSSigner signer, JWSAlgorithm algorithm, byte[] input) throws JOSEException {
		return signer.sign(new JWSHeader(algorithm), input);
	}

	/**
	 * The independent check: RS256 over exactly these bytes with the issuer's key, {@code at+jwt}, no
	 * critical header, our issuer and audience, not expired and not before {@code nbf} (with the skew).
	 */
	private static boolean issuerSignedAndValid(String token) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			JWSHeader header = jwt.getHeader();
			JOSEObjectType type = header.getType();
			if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || header.getCriticalParams() != null
					|| type == null
					// media types are case-insensitive (RFC 7515 §4.1.9)
					|| !(type.getType().equalsIgnoreCase("at+jwt")
							|| type.getType().equalsIgnoreCase("application/at+jwt"))
					|| !jwt.verify(new RSASSAVerifier(ISSUER_KEY.toRSAPublicKey()))) {
				return false;
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			long now = NOW.toEpochMilli();
			return TestTokens.ISSUER.equals(claims.getIssuer()) && claims.getAudience().contains(TestTokens.AUDIENCE)
					&& claims.getExpirationTime() != null
					&& claims.getExpirationTime().getTime() > now - SKEW_SECONDS * 1000
					&& (claims.getNotBeforeTime() == null
							|| claims.getNotBeforeTime().getTime() <= now + SKEW_SECONDS * 1000);
		}
		catch (java.text.ParseException | JOSEException | RuntimeException ex) {
			return false;
		}
	}

	private static String pick(FuzzedDataProvider data, String[] values) {
		return values[data.consumeInt(0, values.length - 1)];
	}

	private static Date at(long secondsFromNow) {
		return Date.from(NOW.plusSeconds(secondsFromNow));
	}

	private static ECKey ecKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("attacker-ec").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
