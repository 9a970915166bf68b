package io.turnstile.billing;

import java.util.Objects;

import io.turnstile.entitlements.AccountId;
import org.jspecify.annotations.Nullable;

/**
 * Starts a purchase for a signed-in person: creates their Stripe Customer once, then a Checkout Session
 * carrying the metadata the webhook contract requires.
 */
public interface Checkout {

	/**
	 * @throws BillingRequestRejected if the request names no price, or an unknown pay-per-view event
	 * @throws PaymentProviderFailed if Stripe cannot be reached or is not configured
	 */
	Session start(Request request);

	/**
	 * @param userId who buys
	 * @param email their e-mail, given to Stripe for receipts
	 * @param name their display name, if any
	 * @param priceId the Stripe price; for a pay-per-view purchase the configured default when absent
	 * @param ppvEventId a pay-per-view event of the catalog: a one-off payment for its pass; else a
	 * subscription
	 */
	record Request(AccountId userId, String email, @Nullable String name, @Nullable String priceId,
			@Nullable String ppvEventId) {

		public Request {
			Objects.requireNonNull(userId, "userId cannot be null");
			Objects.requireNonNull(email, "email cannot be null");
		}

	}

	/**
	 * @param id the Checkout Session id
	 * @param url where to send the person
	 * @param mode {@code subscription} or {@code payment}
	 */
	record Session(String id, String url, String mode) {
	}

}
