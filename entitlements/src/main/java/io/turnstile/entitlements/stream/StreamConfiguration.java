package io.turnstile.entitlements.stream;

import java.time.Clock;
import java.time.Duration;

import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.ExclusiveTasks;
import io.turnstile.entitlements.StreamLeaseSettings;
import io.turnstile.entitlements.StreamLeases;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires {@link StreamLeases} and the sweeper of expired leases (run when the application enables
 * scheduling, on one node at a time through the {@link ExclusiveTasks} bean when there is one); imported by
 * {@code EntitlementsConfiguration}. Takes a {@link StreamLeaseSettings} bean (defaults when there is none)
 * and a {@link Clock} bean (the system clock when there is none).
 */
@Configuration(proxyBeanMethods = false)
public class StreamConfiguration {

	private static final Log logger = LogFactory.getLog(StreamConfiguration.class);

	@Bean
	StreamLeasesManagement streamLeases(StreamLeaseEntityRepository leases, StreamLeaseLockEntityRepository locks,
			Entitlements entitlements, ObjectProvider<StreamLeaseSettings> settings,
			PlatformTransactionManager transactionManager, ObjectProvider<Clock> clock) {
		return new StreamLeasesManagement(leases, locks, (userId) -> entitlements.current(userId).tier().streams(),
				settings.getIfAvailable(() -> StreamLeaseSettings.DEFAULTS).ttl(), transactionManager,
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	SchedulingConfigurer streamLeaseSweeper(StreamLeasesManagement streamLeases,
			ObjectProvider<StreamLeaseSettings> settings, ObjectProvider<ExclusiveTasks> exclusive) {
		Duration interval = settings.getIfAvailable(() -> StreamLeaseSettings.DEFAULTS).sweepInterval();
		Runnable round = () -> {
			try {
				exclusive.getIfAvailable(() -> ExclusiveTasks.LOCAL)
					.run("entitlements-stream-lease-sweep", interval.multipliedBy(10), interval.dividedBy(2),
							() -> sweep(streamLeases));
			}
			catch (RuntimeException ex) {
				logger.warn("Deleting expired stream leases failed (" + ex.getClass().getSimpleName()
						+ "); trying again at the next sweep");
			}
		};
		return (registrar) -> registrar.addFixedDelayTask(round, interval);
	}

	private static void sweep(StreamLeasesManagement streamLeases) {
		int deleted = streamLeases.sweep();
		if (deleted > 0 && logger.isDebugEnabled()) {
			logger.debug("Deleted " + deleted + " expired stream leases");
		}
	}

}
