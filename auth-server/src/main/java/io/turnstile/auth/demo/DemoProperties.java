package io.turnstile.auth.demo;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo data seeded on the first start ({@code turnstile.demo.*}). The secrets come from the environment
 * ({@code TURNSTILE_DEMO_PASSWORD}, {@code TURNSTILE_DEMO_SECRET}, {@code TURNSTILE_ADMIN_SECRET}); each one
 * left unset is generated and printed once, on the start that creates it.
 * <p>
 * Client secrets are stored as a plain SHA-256 digest, which is safe only for secrets nobody can guess: a
 * client secret an operator chooses must be at least {@value #MIN_CLIENT_SECRET_LENGTH} characters, or the
 * server refuses to start.
 */
@ConfigurationProperties("turnstile.demo")
record DemoProperties(@DefaultValue("true") boolean enabled, @Nullable String password,
		@Nullable String backendSecret, @Nullable String adminSecret) {

	/** The shortest client secret an operator may choose. */
	static final int MIN_CLIENT_SECRET_LENGTH = 20;

	DemoProperties {
		if (enabled) {
			requireLongEnough(backendSecret, "TURNSTILE_DEMO_SECRET (turnstile.demo.backend-secret)");
			requireLongEnough(adminSecret, "TURNSTILE_ADMIN_SECRET (turnstile.demo.admin-secret)");
		}
	}

	private static void requireLongEnough(@Nullable String secret, String name) {
		if (secret != null && !secret.isBlank() && secret.length() < MIN_CLIENT_SECRET_LENGTH) {
			// The message names the setting, never the value.
			throw new IllegalArgumentException(name + " is too short: a client secret must be at least "
					+ MIN_CLIENT_SECRET_LENGTH + " characters (for example head -c 32 /dev/urandom | base64), "
					+ "or leave it unset to have one generated");
		}
	}

}
