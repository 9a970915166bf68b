package io.turnstile.billing.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.stripe.model.Event;
import com.stripe.model.checkout.Session;
import io.turnstile.billing.webhook.LedgerFacts.Fact;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import static io.turnstile.billing.webhook.UnreadableEvent.require;

/**
 * {@code checkout.session.completed} and {@code checkout.session.async_payment_succeeded}. A subscription
 * checkout teaches billing the customer's person (the subscription's own events grant the tier). A paid
 * pay-per-view checkout ({@code mode=payment}, {@code metadata.purchase_type=ppv}) grants the event's pass
 * exactly once per payment_intent, and records a {@code ppv_purchase}; an unpaid one grants nothing yet.
 */
class CheckoutSessions {

	private static final Log logger = LogFactory.getLog(CheckoutSessions.class);

	static final String ASYNC_PAYMENT_SUCCEEDED = "checkout.session.async_payment_succeeded";

	private final PersonResolver resolver;

	private final Entitlements entitlements;

	private final PaymentReversals reversals;

	private final LedgerFacts ledger;

	CheckoutSessions(PersonResolver resolver, Entitlements entitlements, PaymentReversals reversals,
			LedgerFacts ledger) {
		this.resolver = Objects.requireNonNull(resolver, "resolver cannot be null");
		this.entitlements = Objects.requireNonNull(entitlements, "entitlements cannot be null");
		this.reversals = Objects.requireNonNull(reversals, "reversals cannot be null");
		this.ledger = Objects.requireNonNull(ledger, "ledger cannot be null");
	}

	Outcome completed(Event event, Session session) {
		require(session.getId(), "checkout.session.id");
		String mode = require(session.getMode(), "checkout.session.mode");
		Map<String, String> metadata = (session.getMetadata() != null) ? session.getMetadata() : Map.of();
		if ("subscription".equals(mode)) {
			PersonResolver.Resolution who = this.resolver.resolve(metadata.get("user_id"), null, session.getCustomer(),
					null);
			return (who.person() != null) ? Outcome.applied(who.person().value())
					: Outcome.parked(Objects.requireNonNull(who.reason()), who.userId());
		}
		if (!"payment".equals(mode) || !"ppv".equals(metadata.get("purchase_type"))) {
			return Outcome.ignored("not a pay-per-view or subscription checkout");
		}
		String paymentIntent = require(session.getPaymentIntent(), "checkout.session.payment_intent");
		String eventId = require(metadata.get("ppv_event_id"), "checkout.session.metadata.ppv_event_id");
		String paymentStatus = require(session.getPaymentStatus(), "checkout.session.payment_status");
		long amount = require(session.getAmountTotal(), "checkout.session.amount_total");
		String currency = require(session.getCurrency(), "checkout.session.currency");
		Instant start = epoch(metadata.get("ppv_access_start"));
		Instant end = epoch(metadata.get("ppv_access_end"));
		Fact fact = new Fact(LedgerFacts.PPV_PURCHASE, paymentIntent, session.getCustomer(), null, null, null, amount,
				currency, start, end, paymentStatus, paymentIntent, null);
		PersonResolver.Resolution who = this.resolver.resolve(metadata.get("user_id"), null, session.getCustomer(), null);
		boolean paid = ASYNC_PAYMENT_SUCCEEDED.equals(event.getType()) || "paid".equals(paymentStatus);
		if (who.person() == null) {
			if (paid) {
				this.ledger.parked(event, fact, who.userId());
			}
			return Outcome.parked(Objects.requireNonNull(who.reason()), who.userId());
		}
		AccountId person = who.person();
		if (!paid) {
			return new Outcome(StripeEventEntity.APPLIED, "payment_status " + paymentStatus + ": nothing granted yet",
					person.value());
		}
		Change change = new Change("stripe", event.getId() + " " + event.getType());
		this.entitlements.purchasePayPerView(person, paymentIntent, eventId, start, end, change);
		this.reversals.settleNewPurchase(paymentIntent, change);
		this.ledger.applied(event, fact, person);
		return Outcome.applied(person.value());
	}

	private static @Nullable Instant epoch(@Nullable String seconds) {
		if (seconds == null || seconds.isBlank()) {
			return null;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(seconds.trim()));
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring a pay-per-view access time that is not unix seconds");
			return null;
		}
	}

}
