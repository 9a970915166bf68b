package io.turnstile.entitlements;

/** A new device would exceed the tier's device limit. */
public class DeviceLimitReached extends EntitlementException {

	private final int limit;

	public DeviceLimitReached(int limit) {
		super("device limit reached");
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
