package io.turnstile.billing.webhook;

import java.time.Instant;
import java.util.Objects;

import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import io.turnstile.billing.prices.PriceTierMap;
import io.turnstile.billing.webhook.LedgerFacts.Fact;
import org.jspecify.annotations.Nullable;

import static io.turnstile.billing.webhook.UnreadableEvent.require;

/**
 * {@code invoice.paid} (and {@code invoice.payment_succeeded}, the same fact): an {@code invoice_paid}
 * ledger row, once per invoice. Rights follow the subscription's own events, which are authoritative.
 */
class InvoicePayments {

	private final PersonResolver resolver;

	private final PriceTierMap prices;

	private final StripeSubscriptionEntityRepository subscriptions;

	private final LedgerFacts ledger;

	InvoicePayments(PersonResolver resolver, PriceTierMap prices, StripeSubscriptionEntityRepository subscriptions,
			LedgerFacts ledger) {
		this.resolver = Objects.requireNonNull(resolver, "resolver cannot be null");
		this.prices = Objects.requireNonNull(prices, "prices cannot be null");
		this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions cannot be null");
		this.ledger = Objects.requireNonNull(ledger, "ledger cannot be null");
	}

	Outcome paid(Event event, Invoice invoice) {
		String id = require(invoice.getId(), "invoice.id");
		long amountPaid = require(invoice.getAmountPaid(), "invoice.amount_paid");
		String currency = require(invoice.getCurrency(), "invoice.currency");
		Invoice.Parent.SubscriptionDetails details = (invoice.getParent() != null)
				? invoice.getParent().getSubscriptionDetails() : null;
		String subscriptionId = (details != null) ? details.getSubscription() : null;
		String parentUserId = (details != null && details.getMetadata() != null) ? details.getMetadata().get("user_id")
				: null;
		InvoiceLineItem line = (invoice.getLines() != null && invoice.getLines().getData() != null
				&& !invoice.getLines().getData().isEmpty()) ? invoice.getLines().getData().get(0) : null;
		String priceId = (line != null && line.getPricing() != null && line.getPricing().getPriceDetails() != null)
				? line.getPricing().getPriceDetails().getPrice() : null;
		Instant periodStart = (line != null && line.getPeriod() != null && line.getPeriod().getStart() != null)
				? Instant.ofEpochSecond(line.getPeriod().getStart()) : epoch(invoice.getPeriodStart());
		Instant periodEnd = (line != null && line.getPeriod() != null && line.getPeriod().getEnd() != null)
				? Instant.ofEpochSecond(line.getPeriod().getEnd()) : epoch(invoice.getPeriodEnd());
		Fact fact = new Fact(LedgerFacts.INVOICE_PAID, id, invoice.getCustomer(), subscriptionId, priceId,
				tierOf(priceId, subscriptionId), amountPaid, currency, periodStart, periodEnd, invoice.getStatus(), null,
				null);
		PersonResolver.Resolution who = this.resolver.resolve(
				(invoice.getMetadata() != null) ? invoice.getMetadata().get("user_id") : null, parentUserId,
				invoice.getCustomer(), null);
		if (who.person() == null) {
			this.ledger.parked(event, fact, who.userId());
			return Outcome.parked(Objects.requireNonNull(who.reason()), who.userId());
		}
		this.ledger.applied(event, fact, who.person());
		return Outcome.applied(who.person().value());
	}

	private @Nullable String tierOf(@Nullable String priceId, @Nullable String subscriptionId) {
		String mapped = (priceId != null) ? this.prices.tierOf(priceId, null, null).orElse(null) : null;
		if (mapped != null || subscriptionId == null) {
			return mapped;
		}
		return this.subscriptions.findById(subscriptionId)
			.filter((row) -> priceId == null || priceId.equals(row.priceId))
			.map((row) -> row.tier)
			.orElse(null);
	}

	private static @Nullable Instant epoch(@Nullable Long seconds) {
		return (seconds != null) ? Instant.ofEpochSecond(seconds) : null;
	}

}
