package io.turnstile.entitlements.config;

import io.turnstile.entitlements.device.DeviceConfiguration;
import io.turnstile.entitlements.feed.FeedConfiguration;
import io.turnstile.entitlements.management.ManagementConfiguration;
import io.turnstile.entitlements.stream.StreamConfiguration;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Everything the entitlements module contributes to an application context. It needs a
 * {@link io.turnstile.policy.TierCatalog} bean (bound from configuration by the application) and JPA
 * (its entities and repositories live under {@code io.turnstile.entitlements}). Stream leases take a
 * {@link io.turnstile.entitlements.StreamLeaseSettings} bean when there is one.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ManagementConfiguration.class, DeviceConfiguration.class, FeedConfiguration.class,
		StreamConfiguration.class })
public class EntitlementsConfiguration {

}
