package io.turnstile.billing.webhook;

import java.time.Instant;
import java.util.Objects;

import com.stripe.model.Event;
import io.turnstile.billing.LedgerEntry;
import io.turnstile.billing.ledger.LedgerBook;
import io.turnstile.entitlements.AccountId;
import org.jspecify.annotations.Nullable;

/**
 * Writes an event's business facts to the ledger with the effect the event had. An applied fact is keyed by
 * its object (a second event describing it is a no-op), except subscription changes, which are one per
 * event; a superseded event leaves a row of its own; a parked fact is recorded once, and its replay appends
 * the applied row.
 */
class LedgerFacts {

	static final String INVOICE_PAID = "invoice_paid";

	static final String PPV_PURCHASE = "ppv_purchase";

	static final String REFUND = "refund";

	static final String DISPUTE = "dispute";

	static final String DISPUTE_WON = "dispute_won";

	static final String SUBSCRIPTION_CHANGE = "subscription_change";

	private final LedgerBook ledger;

	LedgerFacts(LedgerBook ledger) {
		this.ledger = Objects.requireNonNull(ledger, "ledger cannot be null");
	}

	/** Whether an applied fact of this kind about this object is in the ledger. */
	boolean isRecorded(String kind, String objectId) {
		return this.ledger.hasApplied(kind, objectId);
	}

	/** The amount of a charge's applied refunds so far. */
	long refunded(String chargeId) {
		return this.ledger.refunded(chargeId);
	}

	void applied(Event event, Fact fact, AccountId person) {
		String key = SUBSCRIPTION_CHANGE.equals(fact.kind()) ? "applied:" + fact.kind() + ":" + event.getId()
				: "applied:" + fact.kind() + ":" + fact.objectId() + ((fact.qualifier() != null) ? ":" + fact.qualifier() : "");
		write(event, fact, person.value(), LedgerBook.APPLIED, key);
	}

	void superseded(Event event, Fact fact, @Nullable AccountId person) {
		write(event, fact, (person != null) ? person.value() : null, LedgerBook.SUPERSEDED,
				"superseded:" + event.getId() + ":" + fact.kind() + ":" + fact.objectId());
	}

	void parked(Event event, Fact fact, @Nullable String userId) {
		String key = SUBSCRIPTION_CHANGE.equals(fact.kind()) ? "parked:" + fact.kind() + ":" + event.getId()
				: "parked:" + fact.kind() + ":" + fact.objectId() + ((fact.qualifier() != null) ? ":" + fact.qualifier() : "");
		write(event, fact, userId, LedgerBook.PARKED, key);
	}

	private void write(Event event, Fact fact, @Nullable String userId, String effect, String key) {
		LedgerEntry entry = new LedgerEntry(event.getId(), Instant.ofEpochSecond(event.getCreated()), fact.kind(),
				fact.objectId(), userId, fact.customerId(), fact.subscriptionId(), fact.priceId(), fact.tier(),
				fact.amountMinor(), (fact.currency() != null) ? fact.currency().toLowerCase(java.util.Locale.ROOT) : null,
				fact.periodStart(), fact.periodEnd(), fact.status(), effect);
		this.ledger.append(entry, key, fact.paymentIntent());
	}

	/**
	 * One business fact of an event, before knowing its effect.
	 *
	 * @param qualifier distinguishes successive facts about one object (cumulative refunded amounts)
	 */
	record Fact(String kind, String objectId, @Nullable String customerId, @Nullable String subscriptionId,
			@Nullable String priceId, @Nullable String tier, long amountMinor, @Nullable String currency,
			@Nullable Instant periodStart, @Nullable Instant periodEnd, @Nullable String status,
			@Nullable String paymentIntent, @Nullable String qualifier) {

		Fact withAmount(long amount) {
			return new Fact(this.kind, this.objectId, this.customerId, this.subscriptionId, this.priceId, this.tier,
					amount, this.currency, this.periodStart, this.periodEnd, this.status, this.paymentIntent,
					this.qualifier);
		}

	}

}
