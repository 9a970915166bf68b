package io.turnstile.policy;

import java.util.Objects;

/**
 * A title that requires a tier needs a token whose {@code ent.tier} ranks at least as high. A token
 * without entitlements, or whose tier (or the required one) is not in the catalog, is too low.
 */
final class TierPolicy implements AccessPolicy {

	private final TierCatalog catalog;

	TierPolicy(TierCatalog catalog) {
		this.catalog = Objects.requireNonNull(catalog, "catalog");
	}

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		String required = content.requiredTier();
		if (required == null) {
			return Decision.permit();
		}
		int requiredRank = this.catalog.rankOf(required);
		if (requiredRank < 0 || this.catalog.rankOf(claims.tier()) < requiredRank) {
			return Decision.deny(Reason.TIER_TOO_LOW);
		}
		return Decision.permit();
	}

}
