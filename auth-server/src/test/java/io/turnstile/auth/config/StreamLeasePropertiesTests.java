package io.turnstile.auth.config;

import java.time.Duration;
import java.util.Map;

import io.turnstile.entitlements.StreamLeaseSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StreamLeasePropertiesTests {

	@Test
	void leasesLiveSixtySecondsUnlessConfigured() {
		StreamLeaseSettings settings = bind(Map.of()).toSettings();

		assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(60));
		assertThat(settings).isEqualTo(StreamLeaseSettings.DEFAULTS);
	}

	@Test
	void configuredTtlAndSweepIntervalReachTheSettings() {
		StreamLeaseSettings settings = bind(
				Map.of("turnstile.streams.lease-ttl", "90s", "turnstile.streams.sweep-interval", "1m"))
			.toSettings();

		assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(90));
		assertThat(settings.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void zeroTtlIsRefused() {
		StreamLeaseProperties properties = bind(Map.of("turnstile.streams.lease-ttl", "0s"));

		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(properties::toSettings)
			.withMessageContaining("TTL must be positive");
	}

	private static StreamLeaseProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("turnstile.streams", StreamLeaseProperties.class);
	}

}
