package io.turnstile.auth.token;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.util.Assert;

/**
 * Signs RS256 JWTs with the active signing key, doing only what a token needs: Jackson for the JSON, the
 * JDK's Base64url, and a {@link Signature} per thread from the highest-priority provider (Amazon Corretto
 * Crypto Provider when installed), with the private key translated to that provider once per key. Nimbus's
 * encoder spends a good part of a token on its constant-time Base64 codec and claim conversions, which
 * protect secrets, not the public parts of a JWT. Headers this encoder does not handle (another algorithm,
 * {@code jku}, {@code x5u}, {@code crit}...) go to the fallback encoder.
 */
final class RsaJwtEncoder implements JwtEncoder {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final ThreadLocal<Signature> SHA256_WITH_RSA = ThreadLocal.withInitial(() -> {
		try {
			return Signature.getInstance("SHA256withRSA");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA256withRSA is required of every JVM", ex);
		}
	});

	private final Supplier<RSAKey> activeKey;

	private final JwtEncoder fallback;

	private volatile SigningKey signingKey = new SigningKey(null, null);

	/**
	 * @param activeKey the key that signs now
	 * @param fallback the encoder of anything but a plain RS256 header
	 */
	RsaJwtEncoder(Supplier<RSAKey> activeKey, JwtEncoder fallback) {
		Assert.notNull(activeKey, "activeKey cannot be null");
		Assert.notNull(fallback, "fallback cannot be null");
		this.activeKey = activeKey;
		this.fallback = fallback;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
		JwsHeader header = parameters.getJwsHeader();
		if (header == null || !SignatureAlgorithm.RS256.equals(header.getAlgorithm()) || !isPlain(header)) {
			return this.fallback.encode(parameters);
		}
		SigningKey key = signingKey();
		if (header.getKeyId() != null && !header.getKeyId().equals(key.jwk().getKeyID())) {
			return this.fallback.encode(parameters);
		}
		Map<String, Object> headers = new LinkedHashMap<>(header.getHeaders());
		headers.put("alg", "RS256");
		headers.put("kid", key.jwk().getKeyID());
		JwtClaimsSet claims = parameters.getClaims();
		String signingInput = BASE64URL.encodeToString(JSON.writeValueAsBytes(headers)) + "."
				+ BASE64URL.encodeToString(JSON.writeValueAsBytes(json(claims.getClaims())));
		try {
			Signature signature = SHA256_WITH_RSA.get();
			signature.initSign(key.privateKey());
			signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			String token = signingInput + "." + BASE64URL.encodeToString(signature.sign());
			return new Jwt(token, claims.getIssuedAt(), claims.getExpiresAt(), headers, claims.getClaims());
		}
		catch (GeneralSecurityException ex) {
			throw new JwtEncodingException("An error occurred while signing the JWT", ex);
		}
	}

	/** Only {@code alg}, {@code typ} and {@code kid}: anything else is the fallback's. */
	private static boolean isPlain(JwsHeader header) {
		for (String name : header.getHeaders().keySet()) {
			if (!"alg".equals(name) && !"typ".equals(name) && !"kid".equals(name)) {
				return false;
			}
		}
		return true;
	}

	private SigningKey signingKey() {
		RSAKey active = this.activeKey.get();
		SigningKey current = this.signingKey;
		if (current.jwk() == active) {
			return current;
		}
		try {
			PrivateKey jdkKey = active.toPrivateKey();
			// The highest-priority provider's own key object, so it need not convert the key on every signature.
			PrivateKey translated = KeyFactory.getInstance("RSA").translateKey(jdkKey) instanceof PrivateKey key ? key
					: jdkKey;
			SigningKey fresh = new SigningKey(active, translated);
			this.signingKey = fresh;
			return fresh;
		}
		catch (JOSEException | GeneralSecurityException ex) {
			throw new JwtEncodingException("The active signing key cannot be used", ex);
		}
	}

	/** Claim values as JSON: instants as NumericDate (seconds), URLs as strings, collections as arrays. */
	private static Object json(Object value) {
		if (value instanceof Instant instant) {
			return instant.getEpochSecond();
		}
		if (value instanceof URL url) {
			return url.toExternalForm();
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> converted = new LinkedHashMap<>();
			map.forEach((name, member) -> converted.put(String.valueOf(name), json(member)));
			return converted;
		}
		if (value instanceof Collection<?> collection) {
			List<Object> converted = new ArrayList<>(collection.size());
			collection.forEach((member) -> converted.add(json(member)));
			return converted;
		}
		return value;
	}

	private record SigningKey(RSAKey jwk, PrivateKey privateKey) {
	}

}
