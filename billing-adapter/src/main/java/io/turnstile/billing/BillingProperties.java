package io.turnstile.billing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Billing's settings as plain values (bound by the application from {@code turnstile.billing.*}).
 *
 * @param webhookSecrets the webhook endpoint's signing secrets ({@code whsec_…}); more than one while a
 * secret is rotated; none rejects every event
 * @param apiKey the Stripe secret API key, for checkout and for re-fetching objects; empty disables both
 * @param apiBase Stripe's API base URL
 * @param pastDueGrace how long a {@code past_due} subscription keeps its tier; {@code null}: as long as
 * Stripe keeps it {@code past_due}
 * @param prices configured price id or lookup key to tier entries
 * @param checkout where Checkout sends people back to, and the default pay-per-view price
 * @param retry how failed and unfinished events are retried
 */
public record BillingProperties(List<String> webhookSecrets, String apiKey, String apiBase,
		@Nullable Duration pastDueGrace, Map<String, String> prices, CheckoutUrls checkout, Retry retry) {

	public BillingProperties {
		webhookSecrets = webhookSecrets.stream().map(String::trim).filter((secret) -> !secret.isEmpty()).toList();
		Objects.requireNonNull(apiKey, "apiKey cannot be null");
		Objects.requireNonNull(apiBase, "apiBase cannot be null");
		prices = Map.copyOf(prices);
		Objects.requireNonNull(checkout, "checkout cannot be null");
		Objects.requireNonNull(retry, "retry cannot be null");
	}

	/**
	 * @param successUrl where Checkout returns to after payment ({@code {CHECKOUT_SESSION_ID}} is filled in)
	 * @param cancelUrl where Checkout returns to when the person gives up
	 * @param ppvPriceId the price of a pay-per-view pass when the request names none
	 */
	public record CheckoutUrls(String successUrl, String cancelUrl, @Nullable String ppvPriceId) {
	}

	/**
	 * @param interval how often the retry job looks for due events
	 * @param initialDelay the delay after the first failure; each further failure doubles it
	 * @param maxDelay the longest delay between attempts
	 * @param unfinishedAfter a {@code received} event older than this was left by a node that stopped
	 * between storing and applying it, and is applied again
	 */
	public record Retry(Duration interval, Duration initialDelay, Duration maxDelay, Duration unfinishedAfter) {

		public Retry {
			Objects.requireNonNull(interval, "interval cannot be null");
			Objects.requireNonNull(initialDelay, "initialDelay cannot be null");
			Objects.requireNonNull(maxDelay, "maxDelay cannot be null");
			Objects.requireNonNull(unfinishedAfter, "unfinishedAfter cannot be null");
		}

		/** The delay before the attempt after {@code failures} failures. */
		public Duration delayAfter(int failures) {
			int doublings = Math.min(Math.max(failures - 1, 0), 30);
			Duration delay = this.initialDelay.multipliedBy(1L << doublings);
			return (delay.compareTo(this.maxDelay) > 0) ? this.maxDelay : delay;
		}

	}

}
