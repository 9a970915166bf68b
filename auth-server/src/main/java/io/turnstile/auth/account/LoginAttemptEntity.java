package io.turnstile.auth.account;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** Failed attempts counted under one key ({@code account:…}, {@code ip:…}, {@code signup-ip:…}). */
@Entity
@Table(name = "login_attempt")
class LoginAttemptEntity {

	@Id
	String attemptKey = "";

	int failures;

	Instant lastFailureAt = Instant.EPOCH;

	@Nullable Instant blockedUntil;

	static LoginAttemptEntity first(String key) {
		LoginAttemptEntity attempt = new LoginAttemptEntity();
		attempt.attemptKey = key;
		return attempt;
	}

}
