package io.turnstile.billing.prices;

import java.time.Clock;

import io.turnstile.billing.BillingProperties;
import io.turnstile.entitlements.Entitlements;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link PriceTierMap}; imported by {@code BillingConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class PricesConfiguration {

	@Bean
	PriceTierMap priceTierMap(PriceTierEntityRepository entries, BillingProperties properties,
			Entitlements entitlements) {
		return new PriceTierMap(entries, properties.prices(), entitlements.catalog(), Clock.systemUTC());
	}

}
