package io.turnstile.policy;

import java.time.Instant;
import java.util.List;

/**
 * What the change feed knows beats what the token says: a revoked {@code jti} or a signed-out device is
 * {@code TOKEN_REVOKED}; entitlements older than the person's current minimum version, or a token issued
 * before the follower lost track of the feed, are {@code ENTITLEMENT_STALE}.
 */
final class FreshnessPolicy implements AccessPolicy {

	private static final Decision.Deny REVOKED_AND_STALE = new Decision.Deny(
			List.of(Reason.TOKEN_REVOKED, Reason.ENTITLEMENT_STALE));

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		Freshness freshness = context.freshness();
		String tokenId = claims.tokenId();
		String deviceId = claims.deviceId();
		boolean revoked = (tokenId != null && freshness.isRevoked(tokenId))
				|| (deviceId != null && freshness.isDeviceRevoked(deviceId));
		Instant issuedAt = claims.issuedAt();
		boolean stale = (claims.hasEntitlements() && claims.version() < freshness.minimumVersion(claims.subject()))
				|| (issuedAt != null && issuedAt.getEpochSecond() < freshness.staleBefore());
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
