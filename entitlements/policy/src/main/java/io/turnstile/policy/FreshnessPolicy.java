package io.turnstile.policy;

import java.util.List;

/**
 * What the change feed knows beats what the token says: a revoked {@code jti} is {@code TOKEN_REVOKED},
 * entitlements older than the person's current minimum version are {@code ENTITLEMENT_STALE}.
 */
final class FreshnessPolicy implements AccessPolicy {

	private static final Decision.Deny REVOKED_AND_STALE = new Decision.Deny(
			List.of(Reason.TOKEN_REVOKED, Reason.ENTITLEMENT_STALE));

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		Freshness freshness = context.freshness();
		String tokenId = claims.tokenId();
		boolean revoked = tokenId != null && freshness.isRevoked(tokenId);
		boolean stale = claims.hasEntitlements() && claims.version() < freshness.minimumVersion(claims.subject());
		if (revoked && stale) {
			return REVOKED_AND_STALE;
		}
		if (revoked) {
			return Decision.deny(Reason.TOKEN_REVOKED);
		}
		if (stale) {
			return Decision.deny(Reason.ENTITLEMENT_STALE);
		}
		return Decision.permit();
	}

}
