package io.turnstile.entitlements;

import java.util.List;
import java.util.Objects;

import io.turnstile.policy.Tier;
import org.jspecify.annotations.Nullable;

/**
 * What a person may watch now.
 *
 * @param userId whose
 * @param tier the effective tier (with its features and limits)
 * @param tierSource where the tier comes from
 * @param payPerView active grants whose window has not ended
 * @param subscription the billing subscription last recorded, or {@code null} if there never was one
 * @param ver grows with every change to this person's entitlements
 * @param minimumVer the version of the last change that took a right away: a token carrying an older
 * {@code ver} may claim a right the person no longer has
 */
public record EntitlementSnapshot(AccountId userId, Tier tier, TierSource tierSource,
		List<PayPerViewGrant> payPerView, @Nullable BillingSubscription subscription, long ver, long minimumVer) {

	public EntitlementSnapshot {
		Objects.requireNonNull(userId, "userId cannot be null");
		Objects.requireNonNull(tier, "tier cannot be null");
		Objects.requireNonNull(tierSource, "tierSource cannot be null");
		payPerView = List.copyOf(payPerView);
	}

}
