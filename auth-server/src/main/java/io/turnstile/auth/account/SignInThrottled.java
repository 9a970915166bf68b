package io.turnstile.auth.account;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused without checking the password, because there were too many failed attempts on the
 * account or from the address.
 */
class SignInThrottled extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	private final long seconds;

	SignInThrottled(Duration wait) {
		super("Too many sign-in attempts");
		this.seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
	}

	/** Whole seconds to wait before the next attempt, at least 1. */
	long seconds() {
		return this.seconds;
	}

}
