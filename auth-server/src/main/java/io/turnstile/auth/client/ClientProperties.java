package io.turnstile.auth.client;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registered-client settings ({@code turnstile.clients.*}).
 *
 * @param cacheTtl how long a node serves a client it read before reading it again: the longest a change
 * made on another node (a rotated secret, a new redirect URI) goes unseen here; {@code 0} reads the client
 * on every request
 */
@ConfigurationProperties("turnstile.clients")
record ClientProperties(@DefaultValue("5s") Duration cacheTtl) {

	ClientProperties {
		if (cacheTtl.isNegative()) {
			throw new IllegalArgumentException("turnstile.clients.cache-ttl cannot be negative");
		}
	}

}
