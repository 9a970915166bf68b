package io.turnstile.billing.checkout;

import java.time.Clock;

import com.stripe.StripeClient;
import io.turnstile.billing.BillingProperties;
import io.turnstile.billing.Checkout;
import io.turnstile.entitlements.Entitlements;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link StripeCustomers} and {@link StripeCheckout}; imported by {@code BillingConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class CheckoutConfiguration {

	@Bean
	StripeCustomers stripeCustomers(StripeCustomerEntityRepository customers) {
		return new StripeCustomers(customers, Clock.systemUTC());
	}

	@Bean
	Checkout checkout(StripeClient stripe, StripeCustomers customers, Entitlements entitlements,
			BillingProperties properties) {
		return new StripeCheckout(stripe, customers, entitlements, properties);
	}

}
