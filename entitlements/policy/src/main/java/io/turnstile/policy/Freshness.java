package io.turnstile.policy;

/**
 * What a change-feed follower knows that a token cannot: which tokens and devices were revoked and which
 * entitlement versions are out of date. Implementations must be thread-safe and fast (called on every decision).
 */
public interface Freshness {

	/**
	 * Whether the token with this {@code jti} was revoked.
	 */
	boolean isRevoked(String tokenId);

	/**
	 * The lowest {@code ent.ver} still current for this person; a token with a lower version is stale.
	 */
	long minimumVersion(String subject);

	/**
	 * Whether the device with this id was signed out: every token carrying it as {@code did} is revoked.
	 */
	default boolean isDeviceRevoked(String deviceId) {
		return false;
	}

	/**
	 * Epoch second before which every token is stale: set when a follower lost track of the feed (an
	 * expired cursor), so that nothing it may have missed is honoured. {@link Long#MIN_VALUE} when none.
	 */
	default long staleBefore() {
		return Long.MIN_VALUE;
	}

	/**
	 * Knows of no revocation and no newer version.
	 */
	static Freshness none() {
		return NoFreshness.INSTANCE;
	}

}
