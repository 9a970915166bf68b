package io.turnstile.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe event as billing stored it.
 *
 * @param id Stripe's event id
 * @param type the event type
 * @param created when Stripe created it
 * @param apiVersion the API version it was rendered with
 * @param state {@code received}, {@code applied}, {@code superseded}, {@code parked}, {@code failed} or
 * {@code ignored} (a type billing does not handle)
 * @param reason why it was parked or failed
 * @param userId the person it resolved to, if any
 * @param attempts how many times applying it failed
 * @param nextAttemptAt when a failed event is retried next
 * @param receivedAt when it was first received
 */
public record BillingEvent(String id, String type, Instant created, @Nullable String apiVersion, String state,
		@Nullable String reason, @Nullable String userId, int attempts, @Nullable Instant nextAttemptAt,
		Instant receivedAt) {
}
