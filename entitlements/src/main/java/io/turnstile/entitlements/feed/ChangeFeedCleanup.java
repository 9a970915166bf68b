package io.turnstile.entitlements.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionOperations;

/** Deletes change-feed entries older than the retention period, always keeping the newest. */
class ChangeFeedCleanup {

	private static final Log logger = LogFactory.getLog(ChangeFeedCleanup.class);

	private final FeedEntryEntityRepository entries;

	private final Duration retention;

	private final TransactionOperations transactions;

	private final Clock clock;

	ChangeFeedCleanup(FeedEntryEntityRepository entries, Duration retention, TransactionOperations transactions,
			Clock clock) {
		this.entries = Objects.requireNonNull(entries, "entries cannot be null");
		this.retention = Objects.requireNonNull(retention, "retention cannot be null");
		this.transactions = Objects.requireNonNull(transactions, "transactions cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** @return how many entries were deleted */
	int deleteOld() {
		Integer deleted = this.transactions
			.execute((status) -> this.entries.deleteOlderThan(this.clock.instant().minus(this.retention)));
		if (deleted != null && deleted > 0) {
			logger.info("Deleted " + deleted + " change-feed entries older than " + this.retention);
		}
		return (deleted != null) ? deleted : 0;
	}

}
