package io.turnstile.billing.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.turnstile.billing.BillingEvent;
import io.turnstile.billing.LedgerEntry;
import io.turnstile.billing.ParkedEvents;
import io.turnstile.billing.Reconciliation;
import io.turnstile.billing.ReconciliationReport;
import io.turnstile.billing.ReconciliationReport.Finding;
import io.turnstile.billing.ReconciliationReport.Total;
import io.turnstile.billing.ledger.LedgerBook;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.PayPerViewPurchase;

/**
 * Compares the ledger with the rights people hold (from the entitlements module) and totals the money.
 * Rights without justification: subscriptions granting a tier with no paid invoice (trials excepted),
 * active passes with no payment. Payments without rights: passes revoked without a full refund or a
 * dispute, invoices paid for a period still running whose subscription grants nothing. Then the parked
 * and failed events of the period.
 */
class FinanceReconciliation implements Reconciliation {

	private final LedgerBook ledger;

	private final Entitlements entitlements;

	private final ParkedEvents events;

	private final Clock clock;

	FinanceReconciliation(LedgerBook ledger, Entitlements entitlements, ParkedEvents events, Clock clock) {
		this.ledger = Objects.requireNonNull(ledger, "ledger cannot be null");
		this.entitlements = Objects.requireNonNull(entitlements, "entitlements cannot be null");
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public ReconciliationReport report(Instant from, Instant to) {
		Instant now = this.clock.instant();
		List<Finding> unjustified = new ArrayList<>();
		this.entitlements.subscriptionsGrantingAccess().forEach((userId, subscription) -> {
			if (!"trialing".equals(subscription.status())
					&& !this.ledger.hasAppliedForSubscription("invoice_paid", subscription.id())) {
				unjustified.add(new Finding("subscription_without_payment", subscription.id(), userId.value(), null,
						null, "grants " + subscription.tier() + " (" + subscription.status()
								+ ") but the ledger has no paid invoice of it",
						this.ledger.eventIdsOfSubscription(subscription.id())));
			}
		});
		for (PayPerViewPurchase purchase : this.entitlements.purchases(from, to)) {
			if (purchase.state() != PayPerViewGrant.State.ACTIVE) {
				continue;
			}
			String payment = purchase.paymentId();
			if (!this.ledger.hasApplied("ppv_purchase", payment)) {
				unjustified.add(new Finding("pass_without_payment", payment, purchase.userId().value(), null, null,
						"pass for " + purchase.eventId() + " is active but the ledger has no payment for it",
						this.ledger.eventIdsOfPayment(payment)));
			}
		}
		List<Finding> unpaidFor = new ArrayList<>();
		this.ledger.forEach(from, to, null, "ppv_purchase", LedgerBook.APPLIED, (entry) -> passPaidFor(entry, unpaidFor));
		this.ledger.forEach(from, to, null, "invoice_paid", LedgerBook.APPLIED,
				(entry) -> accessPaidFor(entry, now, unpaidFor));
		return new ReconciliationReport(from, to, now, unjustified, unpaidFor,
				findings(this.events.parked(), "parked", from, to), findings(this.events.failed(), "failed", from, to),
				totals(from, to));
	}

	private void passPaidFor(LedgerEntry entry, List<Finding> findings) {
		String payment = entry.objectId();
		PayPerViewPurchase purchase = this.entitlements.purchase(payment).orElse(null);
		if (purchase == null) {
			findings.add(paymentFinding("payment_without_pass", entry, "paid, but no pass was granted for it"));
		}
		else if (purchase.state() == PayPerViewGrant.State.REVOKED && !this.ledger.hasFullRefund(payment)
				&& !this.ledger.hasAppliedForPayment(payment, List.of("dispute"))) {
			findings.add(paymentFinding("payment_without_pass", entry,
					"the pass for " + purchase.eventId() + " was revoked without a full refund or a dispute"));
		}
	}

	private void accessPaidFor(LedgerEntry entry, Instant now, List<Finding> findings) {
		if (entry.subscriptionId() == null || entry.userId() == null || entry.periodEnd() == null
				|| !entry.periodEnd().isAfter(now)) {
			return;
		}
		BillingSubscription subscription = this.entitlements.current(new AccountId(entry.userId())).subscription();
		if (subscription == null || !subscription.id().equals(entry.subscriptionId()) || !subscription.grantsAccess()) {
			findings.add(paymentFinding("invoice_without_access", entry, "paid for a period until " + entry.periodEnd()
					+ " but subscription " + entry.subscriptionId() + " grants nothing now"));
		}
	}

	private Finding paymentFinding(String kind, LedgerEntry entry, String detail) {
		return new Finding(kind, entry.objectId(), entry.userId(), entry.amountMinor(), entry.currency(), detail,
				this.ledger.eventIdsOfObject(entry.objectId()));
	}

	private static List<Finding> findings(List<BillingEvent> events, String kind, Instant from, Instant to) {
		return events.stream()
			.filter((event) -> !event.created().isBefore(from) && event.created().isBefore(to))
			.map((event) -> new Finding(kind, event.id(), event.userId(), null, null,
					event.type() + ": " + event.reason(), List.of(event.id())))
			.toList();
	}

	private List<Total> totals(Instant from, Instant to) {
		Map<String, long[]> sums = new TreeMap<>();
		this.ledger.forEach(from, to, null, null, LedgerBook.APPLIED, (entry) -> {
			int column = switch (entry.kind()) {
				case "invoice_paid" -> 0;
				case "ppv_purchase" -> 1;
				case "refund" -> 2;
				case "dispute" -> 3;
				case "dispute_won" -> 4;
				default -> -1;
			};
			if (column < 0 || entry.currency() == null) {
				return;
			}
			String key = YearMonth.from(entry.occurredAt().atZone(ZoneOffset.UTC)) + " " + entry.currency();
			long[] sum = sums.computeIfAbsent(key, (k) -> new long[6]);
			sum[column] += entry.amountMinor();
			sum[5]++;
		});
		List<Total> totals = new ArrayList<>();
		sums.forEach((key, sum) -> {
			String[] parts = key.split(" ");
			long net = sum[0] + sum[1] - sum[2] - sum[3] + sum[4];
			totals.add(new Total(parts[0], parts[1], sum[0], sum[1], sum[2], sum[3], sum[4], net, sum[5]));
		});
		return totals;
	}

}
