package io.turnstile.auth.config;

import io.turnstile.entitlements.StreamLeaseSettings;
import io.turnstile.entitlements.config.EntitlementsConfiguration;
import io.turnstile.policy.TierCatalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the lower modules into the application: their configurations, and the settings they take as
 * plain values.
 */
@Configuration(proxyBeanMethods = false)
@Import(EntitlementsConfiguration.class)
class ModuleWiring {

	@Bean
	TierCatalog tierCatalog(TierCatalogProperties properties) {
		return properties.toCatalog();
	}

	@Bean
	StreamLeaseSettings streamLeaseSettings(StreamLeaseProperties properties) {
		return properties.toSettings();
	}

}
