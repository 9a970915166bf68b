package io.turnstile.entitlements.feed;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.ChangeFeed;
import io.turnstile.entitlements.InvalidEntitlementRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link ChangeFeed} in the database, so every node serves the same ordered feed. Appends hold the feed's
 * append lock until they commit, so entries become visible in seq order and a follower's cursor never
 * passes an entry still to come. Entries are kept for
 * the retention period (the newest is always kept, so a cursor can always be checked); {@link ChangeFeedCleanup}
 * deletes older ones.
 */
class JpaChangeFeed implements ChangeFeed {

	private final FeedEntryEntityRepository entries;

	private final Clock clock;

	JpaChangeFeed(FeedEntryEntityRepository entries, Clock clock) {
		this.entries = Objects.requireNonNull(entries, "entries cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(@Nullable AccountId userId, @Nullable Long ver, List<String> revokedDeviceIds,
			List<String> revokedTokenIds, String reason) {
		for (String id : revokedDeviceIds) {
			requireNoComma(id);
		}
		for (String id : revokedTokenIds) {
			requireNoComma(id);
		}
		this.entries.lockAppends();
		FeedEntryEntity entry = new FeedEntryEntity();
		entry.at = this.clock.instant();
		entry.userId = (userId != null) ? userId.value() : null;
		entry.ver = ver;
		entry.revokedDeviceIds = String.join(",", revokedDeviceIds);
		entry.revokedTokenIds = String.join(",", revokedTokenIds);
		entry.reason = reason;
		this.entries.save(entry);
	}

	@Override
	@Transactional(readOnly = true)
	public List<Entry> after(long afterSeq, int limit) {
		long oldest = this.entries.oldest();
		if (oldest > 0 && afterSeq + 1 < oldest) {
			throw new FeedCursorExpired();
		}
		return this.entries.findBySeqGreaterThanOrderBySeqAsc(afterSeq, Limit.of(limit))
			.stream()
			.map(FeedEntryEntity::toDomain)
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public long head() {
		return this.entries.head();
	}

	@Override
	@Transactional(readOnly = true)
	public long lastBefore(java.time.Instant time) {
		long last = this.entries.lastBefore(time);
		long oldest = this.entries.oldest();
		return (last == 0 && oldest > 0) ? oldest - 1 : last;
	}

	private static void requireNoComma(String id) {
		if (id.indexOf(',') >= 0) {
			throw new InvalidEntitlementRequest("ids in the change feed cannot contain commas");
		}
	}

}
