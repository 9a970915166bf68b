package io.turnstile.billing;

import com.stripe.StripeClient;
import io.turnstile.billing.checkout.CheckoutConfiguration;
import io.turnstile.billing.ledger.LedgerConfiguration;
import io.turnstile.billing.prices.PricesConfiguration;
import io.turnstile.billing.reconcile.ReconcileConfiguration;
import io.turnstile.billing.webhook.WebhookConfiguration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Everything the billing adapter contributes to an application context: the Stripe webhook endpoint
 * ({@code POST /billing/stripe/webhook}; the application gives it a security chain of its own), the
 * retry job, {@link Ledger}, {@link Reconciliation}, {@link ParkedEvents}, {@link PriceTiers} and
 * {@link Checkout}. It needs a {@link BillingProperties} and a {@link KnownPeople} bean, the
 * {@link io.turnstile.entitlements.Entitlements} facade, JPA (its entities and repositories live under
 * {@code io.turnstile.billing}) and scheduling enabled.
 */
@Configuration(proxyBeanMethods = false)
@Import({ LedgerConfiguration.class, PricesConfiguration.class, CheckoutConfiguration.class,
		WebhookConfiguration.class, ReconcileConfiguration.class })
public class BillingConfiguration {

	static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	static final int READ_TIMEOUT_MILLIS = 20_000;

	/** Stripe's API, for checkout and for re-fetching objects whose order an event cannot settle. */
	@Bean
	StripeClient stripeClient(BillingProperties properties) {
		String key = properties.apiKey().isBlank() ? "unset" : properties.apiKey();
		return StripeClient.builder()
			.setApiKey(key)
			.setApiBase(properties.apiBase())
			.setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
			.setReadTimeout(READ_TIMEOUT_MILLIS)
			.setMaxNetworkRetries(1)
			.build();
	}

}
