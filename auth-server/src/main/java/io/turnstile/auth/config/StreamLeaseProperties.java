package io.turnstile.auth.config;

import java.time.Duration;

import io.turnstile.entitlements.StreamLeaseSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stream lease settings ({@code turnstile.streams.*}).
 *
 * @param leaseTtl how long a lease lives after its start or last heartbeat
 * @param sweepInterval how often expired leases are deleted
 */
@ConfigurationProperties("turnstile.streams")
record StreamLeaseProperties(@DefaultValue("60s") Duration leaseTtl, @DefaultValue("30s") Duration sweepInterval) {

	StreamLeaseSettings toSettings() {
		return new StreamLeaseSettings(this.leaseTtl, this.sweepInterval);
	}

}
