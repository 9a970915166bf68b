package io.turnstile.auth.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.turnstile.billing.BillingProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing settings ({@code turnstile.billing.*}), handed to the billing adapter as {@link BillingProperties}.
 *
 * @param webhookSecret the Stripe webhook endpoint's signing secret(s), comma-separated while rotating (from
 * {@code STRIPE_WEBHOOK_SECRET})
 * @param apiKey the Stripe secret API key (from {@code STRIPE_API_KEY})
 * @param apiBase Stripe's API base URL
 * @param pastDueGrace how long a {@code past_due} subscription keeps its tier; unset: until Stripe gives up
 * @param prices price id or lookup key to tier
 * @param checkout Checkout's return URLs and default pay-per-view price
 * @param retry retry of failed and unfinished events
 */
@ConfigurationProperties("turnstile.billing")
record BillingSettings(@DefaultValue("") String webhookSecret, @DefaultValue("") String apiKey,
		@DefaultValue("https://api.stripe.com") String apiBase, @Nullable Duration pastDueGrace,
		@Nullable Map<String, String> prices, @DefaultValue Checkout checkout, @DefaultValue Retry retry) {

	BillingProperties toProperties() {
		return new BillingProperties(Arrays.asList(this.webhookSecret.split(",")), this.apiKey, this.apiBase,
				this.pastDueGrace, (this.prices != null) ? this.prices : Map.of(),
				new BillingProperties.CheckoutUrls(this.checkout.successUrl(), this.checkout.cancelUrl(),
						this.checkout.ppvPriceId()),
				new BillingProperties.Retry(this.retry.interval(), this.retry.initialDelay(), this.retry.maxDelay(),
						this.retry.unfinishedAfter()));
	}

	record Checkout(@DefaultValue("http://127.0.0.1:8081/billing/done?session_id={CHECKOUT_SESSION_ID}") String successUrl,
			@DefaultValue("http://127.0.0.1:8081/billing/cancelled") String cancelUrl, @Nullable String ppvPriceId) {
	}

	record Retry(@DefaultValue("30s") Duration interval, @DefaultValue("1m") Duration initialDelay,
			@DefaultValue("1h") Duration maxDelay, @DefaultValue("2m") Duration unfinishedAfter) {
	}

}
