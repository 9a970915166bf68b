package io.turnstile.auth.config;

import io.turnstile.auth.account.People;
import io.turnstile.billing.BillingConfiguration;
import io.turnstile.billing.BillingProperties;
import io.turnstile.billing.KnownPeople;
import io.turnstile.entitlements.StreamLeaseSettings;
import io.turnstile.entitlements.config.EntitlementsConfiguration;
import io.turnstile.policy.TierCatalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the lower modules into the application: their configurations, the settings they take as plain
 * values, and the answers to the questions they declare ({@link KnownPeople}). Parked Stripe events are
 * replayed when a person joins ({@code ParkedEventsReplay}).
 */
@Configuration(proxyBeanMethods = false)
@Import({ EntitlementsConfiguration.class, BillingConfiguration.class })
class ModuleWiring {

	@Bean
	TierCatalog tierCatalog(TierCatalogProperties properties) {
		return properties.toCatalog();
	}

	@Bean
	StreamLeaseSettings streamLeaseSettings(StreamLeaseProperties properties) {
		return properties.toSettings();
	}

	@Bean
	BillingProperties billingProperties(BillingSettings settings) {
		return settings.toProperties();
	}

	@Bean
	KnownPeople knownPeople(People people) {
		return (id) -> people.findById(id.value()).isPresent();
	}

}
