package io.turnstile.auth.device;

import io.turnstile.auth.account.LoginThrottle;
import io.turnstile.auth.token.UserCodes;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Throttles guessing of user codes at the device verification endpoint, per session and per address
 * (the {@code /activate} page counts the same way): an unknown code is counted, and past the threshold
 * every entry waits. Wraps the framework's device verification provider.
 */
public final class UserCodeThrottlingAuthenticationProvider implements AuthenticationProvider {

	private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

	private final AuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	private final LoginThrottle throttle;

	public UserCodeThrottlingAuthenticationProvider(AuthenticationProvider delegate,
			OAuth2AuthorizationService authorizations, LoginThrottle throttle) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(throttle, "throttle cannot be null");
		this.delegate = delegate;
		this.authorizations = authorizations;
		this.throttle = throttle;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String userCode = ((OAuth2DeviceVerificationAuthenticationToken) authentication).getUserCode();
		HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
			.getRequest();
		String session = request.getSession().getId();
		if (this.throttle.userCodeRefusal(session, request.getRemoteAddr()).isPresent()) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "Too many wrong codes; wait and try again", null));
		}
		if (UserCodes.normalize(userCode).isEmpty() || this.authorizations.findByToken(userCode, USER_CODE) == null) {
			this.throttle.userCodeFailed(session, request.getRemoteAddr());
		}
		return this.delegate.authenticate(authentication);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
