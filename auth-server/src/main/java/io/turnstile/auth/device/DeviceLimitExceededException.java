package io.turnstile.auth.device;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A grant refused because the person's tier allows no more devices: {@code invalid_grant} on the
 * authorization-code exchange, {@code access_denied} on device-code polling (PRODUCT.md); the token
 * endpoint adds {@code device_limit} to the error JSON.
 */
public final class DeviceLimitExceededException extends OAuth2AuthenticationException {

	private final int limit;

	DeviceLimitExceededException(String errorCode, int limit) {
		super(new OAuth2Error(errorCode, "device limit reached", null));
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
