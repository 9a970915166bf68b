package io.turnstile.auth.demo;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo data seeded on the first start ({@code turnstile.demo.*}). The secrets come from the environment
 * ({@code TURNSTILE_DEMO_PASSWORD}, {@code TURNSTILE_DEMO_SECRET}, {@code TURNSTILE_ADMIN_SECRET}); each one
 * left unset is generated and printed once, on the start that creates it.
 */
@ConfigurationProperties("turnstile.demo")
record DemoProperties(@DefaultValue("true") boolean enabled, @Nullable String password,
		@Nullable String backendSecret, @Nullable String adminSecret) {
}
