package io.turnstile.billing;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

import io.turnstile.entitlements.AccountId;
import org.jspecify.annotations.Nullable;

/** The finance ledger: read in pages, so a year of entries never sits in memory. */
public interface Ledger {

	/**
	 * Hands every entry of the query to {@code sink}, in the order of {@code occurredAt} (then of
	 * recording), reading a page at a time.
	 */
	void forEach(Query query, Consumer<LedgerEntry> sink);

	/**
	 * @param from entries that occurred at or after this
	 * @param to entries that occurred before this
	 * @param userId only this person's entries, if given
	 */
	record Query(Instant from, Instant to, @Nullable AccountId userId) {

		public Query {
			Objects.requireNonNull(from, "from cannot be null");
			Objects.requireNonNull(to, "to cannot be null");
		}

	}

}
