package io.turnstile.entitlements;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The change feed content services follow to stop honouring rights within seconds: every change that
 * takes a right away (a downgrade, a refund, a device signed out, a token revoked), in order.
 */
public interface ChangeFeed {

	/** Appends an entry; call it in the transaction that makes the change. */
	void append(@Nullable AccountId userId, @Nullable Long ver, List<String> revokedDeviceIds,
			List<String> revokedTokenIds, String reason);

	/**
	 * Entries after {@code afterSeq}, oldest first, at most {@code limit}.
	 * @throws FeedCursorExpired if entries after {@code afterSeq} were already deleted
	 */
	List<Entry> after(long afterSeq, int limit);

	/** The newest sequence number, 0 if the feed is empty. */
	long head();

	/** The sequence number of the last entry made before {@code time}: a cursor that starts there. */
	long lastBefore(Instant time);

	record Entry(long seq, Instant at, @Nullable AccountId userId, @Nullable Long ver, List<String> revokedDeviceIds,
			List<String> revokedTokenIds, String reason) {

		public Entry {
			Objects.requireNonNull(at, "at cannot be null");
			revokedDeviceIds = List.copyOf(revokedDeviceIds);
			revokedTokenIds = List.copyOf(revokedTokenIds);
		}

	}

	/** The entries a cursor points after are gone: the follower must treat every older token as stale. */
	class FeedCursorExpired extends EntitlementException {

		public FeedCursorExpired() {
			super("The feed no longer holds the changes after this cursor");
		}

	}

}
