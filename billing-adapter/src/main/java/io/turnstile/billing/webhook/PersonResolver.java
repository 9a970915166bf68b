package io.turnstile.billing.webhook;

import java.util.Objects;

import io.turnstile.billing.KnownPeople;
import io.turnstile.billing.checkout.StripeCustomers;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewPurchase;
import org.jspecify.annotations.Nullable;

/**
 * Who a Stripe object belongs to, in the order of stripe-contract.md 7: the object's own
 * {@code metadata.user_id}, then (invoices) {@code parent.subscription_details.metadata.user_id}, then the
 * customer mapping, then (charges, refunds, disputes) the pay-per-view purchase of the same payment_intent.
 * A person found through metadata teaches billing the customer mapping.
 */
class PersonResolver {

	static final String NO_PERSON = "no_person";

	static final String UNKNOWN_PERSON = "unknown_person";

	private final KnownPeople people;

	private final StripeCustomers customers;

	private final Entitlements entitlements;

	PersonResolver(KnownPeople people, StripeCustomers customers, Entitlements entitlements) {
		this.people = Objects.requireNonNull(people, "people cannot be null");
		this.customers = Objects.requireNonNull(customers, "customers cannot be null");
		this.entitlements = Objects.requireNonNull(entitlements, "entitlements cannot be null");
	}

	Resolution resolve(@Nullable String metadataUserId, @Nullable String parentUserId, @Nullable String customerId,
			@Nullable String paymentIntent) {
		String candidate = firstPresent(metadataUserId, parentUserId);
		boolean fromMetadata = candidate != null;
		if (candidate == null && customerId != null) {
			candidate = this.customers.personOf(customerId).map(AccountId::value).orElse(null);
		}
		if (candidate == null && paymentIntent != null) {
			candidate = this.entitlements.purchase(paymentIntent)
				.map(PayPerViewPurchase::userId)
				.map(AccountId::value)
				.orElse(null);
		}
		if (candidate == null) {
			return Resolution.unresolved(NO_PERSON + ": no metadata.user_id, known customer or purchase", null);
		}
		if (!AccountId.isValid(candidate)) {
			return Resolution.unresolved(UNKNOWN_PERSON + ": metadata.user_id is not a valid person id", null);
		}
		AccountId person = new AccountId(candidate);
		if (!this.people.exists(person)) {
			return Resolution.unresolved(UNKNOWN_PERSON + ": no person " + candidate, candidate);
		}
		if (fromMetadata && customerId != null) {
			this.customers.learn(customerId, person);
		}
		return new Resolution(person, null, candidate);
	}

	private static @Nullable String firstPresent(@Nullable String first, @Nullable String second) {
		if (first != null && !first.isBlank()) {
			return first.trim();
		}
		return (second != null && !second.isBlank()) ? second.trim() : null;
	}

	/**
	 * @param person the person, when resolved
	 * @param reason why not, when not
	 * @param userId the id found, even when nobody has it (events wait for that person)
	 */
	record Resolution(@Nullable AccountId person, @Nullable String reason, @Nullable String userId) {

		static Resolution unresolved(String reason, @Nullable String userId) {
			return new Resolution(null, reason, userId);
		}

	}

}
