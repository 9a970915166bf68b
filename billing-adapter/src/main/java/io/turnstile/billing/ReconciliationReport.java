package io.turnstile.billing;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What finance reconciles. Every finding names the Stripe event ids behind it.
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param generatedAt when the report was made; rights are checked as of then
 * @param unjustifiedRights rights people hold that the ledger does not justify
 * @param paymentsWithoutRights payments in the ledger that grant nobody the right they paid for
 * @param parkedEvents events of the period waiting for a person
 * @param failedEvents events of the period that could not be applied
 * @param totals applied money by month (UTC) and currency
 */
public record ReconciliationReport(Instant from, Instant to, Instant generatedAt, List<Finding> unjustifiedRights,
		List<Finding> paymentsWithoutRights, List<Finding> parkedEvents, List<Finding> failedEvents,
		List<Total> totals) {

	public ReconciliationReport {
		unjustifiedRights = List.copyOf(unjustifiedRights);
		paymentsWithoutRights = List.copyOf(paymentsWithoutRights);
		parkedEvents = List.copyOf(parkedEvents);
		failedEvents = List.copyOf(failedEvents);
		totals = List.copyOf(totals);
	}

	/**
	 * @param kind what was found: {@code subscription_without_payment}, {@code pass_without_payment},
	 * {@code payment_without_pass}, {@code invoice_without_access},
	 * {@code parked}, {@code failed}
	 * @param objectId the Stripe object (subscription, payment_intent, invoice) or the event id
	 * @param userId whose, if known
	 * @param amountMinor the money involved, if any
	 * @param currency its currency
	 * @param detail what is wrong, in words
	 * @param eventIds the Stripe events behind the finding
	 */
	public record Finding(String kind, String objectId, @Nullable String userId, @Nullable Long amountMinor,
			@Nullable String currency, String detail, List<String> eventIds) {

		public Finding {
			eventIds = List.copyOf(eventIds);
		}

	}

	/**
	 * Money of one month in one currency, from applied ledger entries.
	 *
	 * @param month {@code yyyy-MM} (UTC)
	 * @param currency lower-case ISO 4217
	 * @param invoicesPaid sum of {@code invoice_paid}
	 * @param payPerView sum of {@code ppv_purchase}
	 * @param refunds sum of {@code refund}
	 * @param disputes sum of {@code dispute}
	 * @param disputesWon sum of {@code dispute_won}
	 * @param net paid in, less refunds and disputes, plus disputes won
	 * @param entries how many ledger entries were counted
	 */
	public record Total(String month, String currency, long invoicesPaid, long payPerView, long refunds,
			long disputes, long disputesWon, long net, long entries) {
	}

}
