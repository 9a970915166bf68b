package io.turnstile.policy;

/**
 * {@link Freshness#none()}.
 */
final class NoFreshness implements Freshness {

	static final NoFreshness INSTANCE = new NoFreshness();

	private NoFreshness() {
	}

	@Override
	public boolean isRevoked(String tokenId) {
		return false;
	}

	@Override
	public long minimumVersion(String subject) {
		return Long.MIN_VALUE;
	}

	@Override
	public String toString() {
		return "Freshness.none()";
	}

}
