package io.turnstile.billing;

import java.time.Instant;

/** Checks the ledger against the rights people hold, and totals the money of a period. */
public interface Reconciliation {

	/** The report for events and payments that occurred in {@code [from, to)}, against rights held now. */
	ReconciliationReport report(Instant from, Instant to);

}
