package io.turnstile.billing;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One business fact in the finance ledger (stripe-contract.md 10). Kinds and their object:
 * {@code invoice_paid} (invoice id, amount paid), {@code ppv_purchase} (payment_intent id, amount total),
 * {@code refund} (charge id, amount refunded), {@code dispute} (dispute id, amount), {@code dispute_won}
 * (dispute id), {@code subscription_change} (subscription id, amount 0). Amounts are integer minor units;
 * {@code effect} is {@code applied}, {@code superseded} or {@code parked}. Rows are never updated: a replay
 * after parking appends a new row.
 */
public record LedgerEntry(String eventId, Instant occurredAt, String kind, String objectId, @Nullable String userId,
		@Nullable String customerId, @Nullable String subscriptionId, @Nullable String priceId, @Nullable String tier,
		long amountMinor, @Nullable String currency, @Nullable Instant periodStart, @Nullable Instant periodEnd,
		@Nullable String status, String effect) {

	/** The column names, in the order of the CSV and of the JSON fields. */
	public static final List<String> COLUMNS = List.of("eventId", "occurredAt", "kind", "objectId", "userId",
			"customerId", "subscriptionId", "priceId", "tier", "amountMinor", "currency", "periodStart", "periodEnd",
			"status", "effect");

}
