package io.turnstile.policy;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Nimbus's {@link DefaultJWTProcessor} set up for RFC 9068 access tokens: header {@code typ} must be
 * {@code at+jwt}, keys come from the {@link VerificationKeySelector} (allowed algorithms only, public keys
 * only), registered claims are checked by the {@link AccessTokenClaimsVerifier} after the signature.
 * Nimbus's defaults stay in force: unsigned and encrypted tokens are refused, {@code jku}/{@code x5u} are
 * never followed, {@code crit} parameters are refused.
 * <p>
 * One change: the payload is Base64URL-decoded with the JDK decoder. Nimbus's own decoder is constant-time,
 * which matters for secrets, not for a payload anyone holding the token can read, and costs a good part of
 * a signature check.
 */
final class AccessTokenProcessor extends DefaultJWTProcessor<SecurityContext> {

	AccessTokenProcessor(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys,
			AccessTokenClaimsVerifier claimsVerifier) {
		setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
				new JOSEObjectType("application/at+jwt")));
		setJWSKeySelector(new VerificationKeySelector(algorithms, keys));
		setJWTClaimsSetVerifier(claimsVerifier);
	}

	@Override
	protected JWTClaimsSet extractJWTClaimsSet(JWT jwt) throws BadJWTException {
		if (!(jwt instanceof SignedJWT signed)) {
			return super.extractJWTClaimsSet(jwt);
		}
		try {
			byte[] json = Base64.getUrlDecoder().decode(signed.getParsedParts()[1].toString());
			return JWTClaimsSet.parse(JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8)));
		}
		catch (IllegalArgumentException | ParseException ex) {
			throw new BadJWTException("Payload of JWS object is not a valid JSON object", ex);
		}
	}

}
