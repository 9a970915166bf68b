package io.turnstile.policy;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;

/**
 * Checks the registered claims of an RFC 9068 access token after its signature: {@code iss} is the issuer,
 * {@code aud} includes the audience, {@code sub}, {@code jti}, {@code iat} and {@code exp} are present, the
 * token is not used before {@code nbf} or from {@code exp} on, both give or take the clock skew. Time comes
 * from the injected {@link Clock}.
 */
final class AccessTokenClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {

	private final String issuer;

	private final String audience;

	private final Clock clock;

	private final long skewMillis;

	AccessTokenClaimsVerifier(String issuer, String audience, Clock clock, long skewSeconds) {
		this.issuer = Objects.requireNonNull(issuer, "issuer");
		this.audience = Objects.requireNonNull(audience, "audience");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.skewMillis = skewSeconds * 1000;
	}

	@Override
	public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
		if (!this.issuer.equals(claims.getIssuer())) {
			throw new BadJWTException("JWT iss is not the expected issuer");
		}
		List<String> audiences = claims.getAudience();
		if (audiences == null || !audiences.contains(this.audience)) {
			throw new BadJWTException("JWT aud does not include the expected audience");
		}
		Date expiresAt = claims.getExpirationTime();
		if (claims.getSubject() == null || claims.getJWTID() == null || claims.getIssueTime() == null
				|| expiresAt == null) {
			throw new BadJWTException("JWT lacks one of sub, jti, iat, exp");
		}
		long now = this.clock.millis();
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && now + this.skewMillis < notBefore.getTime()) {
			throw new BadJWTException("JWT before its nbf");
		}
		if (now - this.skewMillis >= expiresAt.getTime()) {
			throw new ExpiredToken();
		}
	}

	/**
	 * The token was valid once, but has expired: reported as {@link Reason#TOKEN_EXPIRED}.
	 */
	static final class ExpiredToken extends BadJWTException {

		ExpiredToken() {
			super("Expired JWT");
		}

	}

}
