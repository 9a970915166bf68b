package io.turnstile.policy;

/**
 * What a change-feed follower knows that a token cannot: which tokens were revoked and which entitlement
 * versions are out of date. Implementations must be thread-safe and fast (called on every decision).
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
	 * Knows of no revocation and no newer version.
	 */
	static Freshness none() {
		return NoFreshness.INSTANCE;
	}

}
