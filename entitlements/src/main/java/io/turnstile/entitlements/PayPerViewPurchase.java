package io.turnstile.entitlements;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One payment for a pay-per-view pass: the pass it bought and where that payment stands. A pass bought
 * twice has two purchases; it is active while any of them is.
 *
 * @param paymentId the payment provider's id of the payment (for Stripe the payment_intent), unique
 * @param userId who paid
 * @param eventId for which event
 * @param grantId the pass it bought
 * @param state {@code ACTIVE}, {@code SUSPENDED} (disputed) or {@code REVOKED} (refunded, dispute lost, or
 * revoked by an operator: for good)
 * @param passState the state of the pass itself
 * @param reference what recorded the purchase (for example the provider's event id)
 * @param createdAt when the purchase was recorded
 */
public record PayPerViewPurchase(String paymentId, AccountId userId, String eventId, long grantId,
		PayPerViewGrant.State state, PayPerViewGrant.State passState, @Nullable String reference,
		Instant createdAt) {

	public PayPerViewPurchase {
		Objects.requireNonNull(paymentId, "paymentId cannot be null");
		Objects.requireNonNull(userId, "userId cannot be null");
		Objects.requireNonNull(eventId, "eventId cannot be null");
		Objects.requireNonNull(state, "state cannot be null");
		Objects.requireNonNull(passState, "passState cannot be null");
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
	}

}
