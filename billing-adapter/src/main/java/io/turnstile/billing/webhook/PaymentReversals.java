package io.turnstile.billing.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import io.turnstile.billing.webhook.LedgerFacts.Fact;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import org.jspecify.annotations.Nullable;

import static io.turnstile.billing.webhook.UnreadableEvent.require;

/**
 * What happens to a payment afterwards, matched on its payment_intent (charges no longer name an
 * invoice): {@code charge.refunded} records the refunded amount and, when full, revokes the pass for good;
 * {@code charge.dispute.created} suspends it; {@code charge.dispute.closed} restores it when won and
 * revokes it when lost. A payment's standing is kept even while its person is unknown (the event is
 * parked): what arrives before the purchase it reverses is applied when the purchase is
 * ({@link #settleNewPurchase}). Refunds are ledger increments over the refunds already applied.
 */
class PaymentReversals {

	/** Dispute statuses after which nothing changes. */
	private static final Set<String> CLOSED = Set.of("won", "lost", "warning_closed", "prevented");

	private final StripePaymentEntityRepository payments;

	private final PersonResolver resolver;

	private final Entitlements entitlements;

	private final LedgerFacts ledger;

	private final Clock clock;

	PaymentReversals(StripePaymentEntityRepository payments, PersonResolver resolver, Entitlements entitlements,
			LedgerFacts ledger, Clock clock) {
		this.payments = Objects.requireNonNull(payments, "payments cannot be null");
		this.resolver = Objects.requireNonNull(resolver, "resolver cannot be null");
		this.entitlements = Objects.requireNonNull(entitlements, "entitlements cannot be null");
		this.ledger = Objects.requireNonNull(ledger, "ledger cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	Outcome refunded(Event event, Charge charge) {
		String chargeId = require(charge.getId(), "charge.id");
		long amountRefunded = require(charge.getAmountRefunded(), "charge.amount_refunded");
		boolean full = require(charge.getRefunded(), "charge.refunded");
		String currency = require(charge.getCurrency(), "charge.currency");
		String paymentIntent = charge.getPaymentIntent();
		Fact fact = new Fact(LedgerFacts.REFUND, chargeId, charge.getCustomer(), null, null, null, amountRefunded,
				currency, null, null, full ? "refunded" : "partially_refunded", paymentIntent,
				Long.toString(amountRefunded));
		PersonResolver.Resolution who = this.resolver.resolve(metadata(charge.getMetadata()), null, charge.getCustomer(),
				paymentIntent);
		// The payment's standing is kept even before its person is known: a purchase arriving later is
		// revoked at once (settleNewPurchase).
		StripePaymentEntity payment = lock((paymentIntent != null) ? paymentIntent : chargeId);
		boolean revokes = full && !payment.refunded;
		payment.chargeId = chargeId;
		payment.amountRefunded = Math.max(amountRefunded, payment.amountRefunded);
		payment.refunded = payment.refunded || full;
		save(payment, who.person());
		if (revokes && paymentIntent != null) {
			this.entitlements.revokePurchase(paymentIntent, change(event));
		}
		if (who.person() == null) {
			this.ledger.parked(event, fact, who.userId());
			return Outcome.parked(Objects.requireNonNull(who.reason()), who.userId());
		}
		AccountId person = who.person();
		long increment = amountRefunded - this.ledger.refunded(chargeId);
		if (increment <= 0) {
			this.ledger.superseded(event, fact, person);
			return Outcome.superseded(person.value(), "refunds of " + amountRefunded + " are recorded already");
		}
		this.ledger.applied(event, fact.withAmount(increment), person);
		return Outcome.applied(person.value());
	}

	Outcome dispute(Event event, Dispute dispute) {
		String disputeId = require(dispute.getId(), "dispute.id");
		String status = require(dispute.getStatus(), "dispute.status");
		long amount = require(dispute.getAmount(), "dispute.amount");
		String currency = require(dispute.getCurrency(), "dispute.currency");
		String paymentIntent = dispute.getPaymentIntent();
		String key = require((paymentIntent != null) ? paymentIntent : dispute.getCharge(), "dispute.payment_intent");
		boolean closed = CLOSED.contains(status);
		String kind = !closed ? LedgerFacts.DISPUTE : "won".equals(status) ? LedgerFacts.DISPUTE_WON : null;
		Fact fact = (kind != null) ? new Fact(kind, disputeId, null, null, null, null, amount, currency, null, null,
				status, paymentIntent, null) : null;
		PersonResolver.Resolution who = this.resolver.resolve(metadata(dispute.getMetadata()), null, null,
				paymentIntent);
		Instant created = Instant.ofEpochSecond(event.getCreated());
		StripePaymentEntity payment = lock(key);
		boolean older = payment.disputeCreated != null && (created.isBefore(payment.disputeCreated)
				|| (created.equals(payment.disputeCreated) && CLOSED.contains(payment.disputeStatus) && !closed));
		if (!older) {
			payment.chargeId = dispute.getCharge();
			payment.disputeId = disputeId;
			payment.disputeStatus = status;
			payment.disputeCreated = created;
			save(payment, who.person());
			if (paymentIntent != null) {
				settle(paymentIntent, payment, change(event));
			}
		}
		if (who.person() == null) {
			if (fact != null) {
				this.ledger.parked(event, fact, who.userId());
			}
			return Outcome.parked(Objects.requireNonNull(who.reason()), who.userId());
		}
		AccountId person = who.person();
		if (fact != null && !this.ledger.isRecorded(fact.kind(), disputeId)) {
			this.ledger.applied(event, fact, person);
			return older ? new Outcome(StripeEventEntity.APPLIED, "recorded; the pass follows a newer event of the dispute",
					person.value()) : Outcome.applied(person.value());
		}
		if (older) {
			if (fact != null) {
				this.ledger.superseded(event, fact, person);
			}
			return Outcome.superseded(person.value(), "the dispute is already " + payment.disputeStatus);
		}
		return Outcome.applied(person.value());
	}

	/** A purchase was just recorded: apply a refund or dispute of its payment that arrived before it. */
	void settleNewPurchase(String paymentIntent, Change change) {
		this.payments.findForUpdate(paymentIntent).ifPresent((payment) -> settle(paymentIntent, payment, change));
	}

	private void settle(String paymentIntent, StripePaymentEntity payment, Change change) {
		if (payment.refunded || "lost".equals(payment.disputeStatus)) {
			this.entitlements.revokePurchase(paymentIntent, change);
		}
		else if (payment.disputeStatus != null && !CLOSED.contains(payment.disputeStatus)) {
			this.entitlements.suspendPurchase(paymentIntent, change);
		}
		else if (payment.disputeStatus != null) {
			this.entitlements.restorePurchase(paymentIntent, change);
		}
	}

	private StripePaymentEntity lock(String paymentIntent) {
		return this.payments.findForUpdate(paymentIntent).orElseGet(() -> {
			StripePaymentEntity created = new StripePaymentEntity();
			created.paymentIntent = paymentIntent;
			return created;
		});
	}

	private void save(StripePaymentEntity payment, @Nullable AccountId person) {
		if (person != null) {
			payment.userId = person.value();
		}
		payment.updatedAt = this.clock.instant();
		this.payments.save(payment);
	}

	private static Change change(Event event) {
		return new Change("stripe", event.getId() + " " + event.getType());
	}

	private static @Nullable String metadata(java.util.@Nullable Map<String, String> metadata) {
		return (metadata != null) ? metadata.get("user_id") : null;
	}

}
