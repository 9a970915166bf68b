package io.turnstile.entitlements;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A person's paid subscription as billing last recorded it. Its tier counts when {@code grantsAccess}
 * (and no comp tier wins over it).
 *
 * @param id the payment provider's subscription id
 * @param status the provider's raw status ({@code active}, {@code past_due}, {@code canceled}, …)
 * @param tier the tier it pays for, or {@code null} when it pays for none
 * @param grantsAccess whether the status grants the tier now (billing decides: for Stripe {@code active},
 * {@code trialing} and {@code past_due} within its grace)
 * @param currentPeriodEnd end of the period paid for, if known
 * @param cancelAtPeriodEnd whether it ends when that period ends
 */
public record BillingSubscription(String id, String status, @Nullable String tier, boolean grantsAccess,
		@Nullable Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {

	public BillingSubscription {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(status, "status cannot be null");
		if (id.isBlank() || id.length() > 255) {
			throw new InvalidEntitlementRequest("A subscription id is 1-255 characters");
		}
		if (status.isBlank() || status.length() > 32) {
			throw new InvalidEntitlementRequest("A subscription status is 1-32 characters");
		}
		if (tier != null && (tier.isBlank() || tier.length() > 32)) {
			throw new InvalidEntitlementRequest("A tier code is 1-32 characters");
		}
		if (grantsAccess && tier == null) {
			throw new InvalidEntitlementRequest("A subscription that grants access needs a tier");
		}
	}

}
