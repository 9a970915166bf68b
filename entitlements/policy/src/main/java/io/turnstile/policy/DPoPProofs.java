package io.turnstile.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Checks a DPoP proof (RFC 9449 §4.3) against the token it accompanies: a JWT typed {@code dpop+jwt},
 * signed (ES256/384/512, RS256/384/512, PS256/384/512) by the public key in its own {@code jwk} header, whose
 * thumbprint is the token's {@code cnf.jkt}; {@code htm} and {@code htu} of the content request; {@code ath}
 * the hash of this token; {@code iat} within a minute of now; a {@code jti} not seen before by this
 * process. Anything else means the caller does not hold the key.
 */
final class DPoPProofs {

	private static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
			JWSAlgorithm.PS384, JWSAlgorithm.PS512);

	private static final long WINDOW_SECONDS = 60;

	private static final int MAX_REMEMBERED = 100_000;

	private static final int MAX_PROOF_LENGTH = 8 * 1024;

	/** jti → epoch second the proof may be forgotten. */
	private static final ConcurrentHashMap<String, Long> SEEN = new ConcurrentHashMap<>();

	private DPoPProofs() {
	}

	static boolean proves(EntitlementClaims claims, Context.@Nullable DpopProof dpop, Instant now) {
		String boundKey = claims.boundKey();
		if (boundKey == null) {
			return true;
		}
		if (dpop == null || dpop.proof().length() > MAX_PROOF_LENGTH) {
			return false;
		}
		try {
			SignedJWT proof = SignedJWT.parse(dpop.proof());
			if (!DPOP_JWT.equals(proof.getHeader().getType()) || !ALGORITHMS.contains(proof.getHeader().getAlgorithm())) {
				return false;
			}
			JWK key = proof.getHeader().getJWK();
			if (key == null || key.isPrivate() || !boundKey.equals(key.computeThumbprint().toString())
					|| !proof.verify(verifier(key))) {
				return false;
			}
			JWTClaimsSet proofClaims = proof.getJWTClaimsSet();
			Date issued = proofClaims.getIssueTime();
			String jti = proofClaims.getJWTID();
			if (issued == null || jti == null || Math.abs(issued.toInstant().getEpochSecond() - now.getEpochSecond()) > WINDOW_SECONDS) {
				return false;
			}
			if (!dpop.htm().equals(proofClaims.getStringClaim("htm")) || !sameUri(dpop.htu(), proofClaims.getStringClaim("htu"))
					|| claims.accessTokenHash() == null || !claims.accessTokenHash().equals(proofClaims.getStringClaim("ath"))) {
				return false;
			}
			return firstUse(jti, now.getEpochSecond());
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			return false;
		}
	}

	static String sha256(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	private static JWSVerifier verifier(JWK key) throws JOSEException {
		if (key instanceof ECKey ec) {
			return new ECDSAVerifier(ec);
		}
		if (key instanceof RSAKey rsa) {
			return new RSASSAVerifier(rsa);
		}
		throw new JOSEException("Unsupported DPoP key type");
	}

	/** RFC 9449 §4.3: compare without query and fragment. */
	private static boolean sameUri(String expected, @Nullable String claimed) {
		return claimed != null && strip(expected).equals(strip(claimed));
	}

	private static String strip(String uri) {
		int cut = uri.length();
		int query = uri.indexOf('?');
		int fragment = uri.indexOf('#');
		if (query >= 0) {
			cut = query;
		}
		if (fragment >= 0 && fragment < cut) {
			cut = fragment;
		}
		return uri.substring(0, cut);
	}

	private static boolean firstUse(String jti, long now) {
		if (SEEN.size() > MAX_REMEMBERED) {
			SEEN.values().removeIf((forgetAt) -> forgetAt < now);
			if (SEEN.size() > MAX_REMEMBERED) {
				return false;
			}
		}
		return SEEN.putIfAbsent(jti, now + 2 * WINDOW_SECONDS) == null;
	}

}
