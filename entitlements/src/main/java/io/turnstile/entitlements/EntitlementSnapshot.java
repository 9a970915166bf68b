package io.turnstile.entitlements;

import java.util.List;
import java.util.Objects;

import io.turnstile.policy.Tier;

/**
 * What a person may watch now.
 *
 * @param userId whose
 * @param tier the effective tier (with its features and limits)
 * @param tierSource where the tier comes from
 * @param payPerView active grants whose window has not ended
 * @param ver grows with every change to this person's entitlements
 */
public record EntitlementSnapshot(AccountId userId, Tier tier, TierSource tierSource,
		List<PayPerViewGrant> payPerView, long ver) {

	public EntitlementSnapshot {
		Objects.requireNonNull(userId, "userId cannot be null");
		Objects.requireNonNull(tier, "tier cannot be null");
		Objects.requireNonNull(tierSource, "tierSource cannot be null");
		payPerView = List.copyOf(payPerView);
	}

}
