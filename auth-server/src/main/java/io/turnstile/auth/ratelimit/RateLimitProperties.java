package io.turnstile.auth.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request-rate limits ({@code turnstile.rate-limits.*}): token buckets that refill {@code perSecond} and
 * hold {@code burst}.
 *
 * @param enabled whether limits apply at all
 * @param clientPerSecond OAuth endpoints ({@code /oauth2/token}, {@code /oauth2/introspect},
 * {@code /oauth2/revoke}, {@code /oauth2/device_authorization}), per client id
 * @param clientBurst the burst of the per-client bucket
 * @param addressPerSecond the same endpoints, per remote address
 * @param addressBurst the burst of the per-address bucket
 * @param formPerSecond sign-in, sign-up and TV-code entry form posts, per remote address
 * @param formBurst the burst of the form bucket
 */
@ConfigurationProperties("turnstile.rate-limits")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("500") int clientPerSecond,
		@DefaultValue("1000") int clientBurst, @DefaultValue("1000") int addressPerSecond,
		@DefaultValue("2000") int addressBurst, @DefaultValue("5") int formPerSecond, @DefaultValue("20") int formBurst) {
}
