package io.turnstile.auth.device;

import io.turnstile.auth.token.TokenHashes;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Enforces the device grant's polling interval (RFC 8628 §3.5), which the framework leaves to us: a poll
 * sooner than the interval after the previous one is answered {@code slow_down}, and the interval grows
 * by five seconds for the rest of that code's life. Wraps the framework's device-code provider (a provider
 * placed before it could not stop it: {@code ProviderManager} goes on to the next provider after a failure).
 */
public final class DeviceCodePollingAuthenticationProvider implements AuthenticationProvider {

	static final String SLOW_DOWN = "slow_down";

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.5";

	private final AuthenticationProvider delegate;

	private final DeviceCodePolls polls;

	public DeviceCodePollingAuthenticationProvider(AuthenticationProvider delegate, DeviceCodePolls polls) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(polls, "polls cannot be null");
		this.delegate = delegate;
		this.polls = polls;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String deviceCode = ((OAuth2DeviceCodeAuthenticationToken) authentication).getDeviceCode();
		if (this.polls.pollTooSoon(TokenHashes.sha256(deviceCode))) {
			throw new OAuth2AuthenticationException(new OAuth2Error(SLOW_DOWN,
					"Polling faster than the interval; wait five seconds longer between polls", ERROR_URI));
		}
		return this.delegate.authenticate(authentication);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
