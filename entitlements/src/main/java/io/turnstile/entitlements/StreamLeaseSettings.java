package io.turnstile.entitlements;

import java.time.Duration;
import java.util.Objects;

/**
 * How stream leases behave; bound from configuration by the application.
 *
 * @param ttl how long a lease lives after its start or last heartbeat
 * @param sweepInterval how often expired leases are deleted (they stop counting at expiry regardless)
 */
public record StreamLeaseSettings(Duration ttl, Duration sweepInterval) {

	/** The defaults: 60 s leases, swept every 30 s. */
	public static final StreamLeaseSettings DEFAULTS = new StreamLeaseSettings(Duration.ofSeconds(60),
			Duration.ofSeconds(30));

	public StreamLeaseSettings {
		Objects.requireNonNull(ttl, "ttl cannot be null");
		Objects.requireNonNull(sweepInterval, "sweepInterval cannot be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("The stream lease TTL must be positive");
		}
		if (sweepInterval.isNegative() || sweepInterval.isZero()) {
			throw new IllegalArgumentException("The stream lease sweep interval must be positive");
		}
	}

}
