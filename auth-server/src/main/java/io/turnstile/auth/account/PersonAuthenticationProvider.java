package io.turnstile.auth.account;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Signs people in with e-mail and password behind the {@link LoginThrottle}: a throttled attempt is refused
 * with {@link SignInThrottled} before the password is looked at; a wrong password counts a failure on the
 * account and the address; a right one clears the account's count. The one {@code AuthenticationProvider}
 * bean, so it is the provider of the form login.
 */
@Component
class PersonAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(PersonAuthenticationProvider.class);

	private final LoginThrottle throttle;

	private final DaoAuthenticationProvider passwords;

	PersonAuthenticationProvider(LoginThrottle throttle, PersonUserDetailsService people,
			PasswordEncoder passwordEncoder) {
		Assert.notNull(throttle, "throttle cannot be null");
		Assert.notNull(people, "people cannot be null");
		Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
		this.throttle = throttle;
		this.passwords = new DaoAuthenticationProvider(people);
		this.passwords.setPasswordEncoder(passwordEncoder);
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String email = authentication.getName();
		String remoteAddress = remoteAddress(authentication);
		Optional<Duration> wait = this.throttle.signInRefusal(email, remoteAddress);
		if (wait.isPresent()) {
			logger.debug("Sign-in refused: too many failed attempts");
			throw new SignInThrottled(wait.get());
		}
		Authentication result;
		try {
			result = this.passwords.authenticate(authentication);
		}
		catch (BadCredentialsException ex) {
			this.throttle.signInFailed(email, remoteAddress);
			logger.debug("Sign-in failed: bad credentials");
			throw ex;
		}
		this.throttle.signInSucceeded(email);
		if (logger.isDebugEnabled()) {
			logger.debug("Person " + result.getName() + " signed in");
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static @Nullable String remoteAddress(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: null;
	}

}
