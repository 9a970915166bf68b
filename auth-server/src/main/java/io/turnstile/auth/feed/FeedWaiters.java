package io.turnstile.auth.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.turnstile.entitlements.ChangeFeed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Long-poll waiters of the change feed. One scheduled check reads the feed's head four times a second
 * (one cheap query however many followers wait, and changes made on any node are seen) and answers every
 * waiter behind it, or whose wait is over.
 */
@Component
class FeedWaiters {

	private static final Log logger = LogFactory.getLog(FeedWaiters.class);

	private final ChangeFeed feed;

	private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

	FeedWaiters(ChangeFeed feed) {
		this.feed = feed;
	}

	void await(long cursor, Duration wait, Runnable answer) {
		this.waiters.add(new Waiter(cursor, Instant.now().plus(wait), answer));
	}

	@Scheduled(fixedDelay = 250)
	void check() {
		if (this.waiters.isEmpty()) {
			return;
		}
		long head = this.feed.head();
		Instant now = Instant.now();
		for (Iterator<Waiter> it = this.waiters.iterator(); it.hasNext();) {
			Waiter waiter = it.next();
			if (waiter.cursor() < head || !now.isBefore(waiter.until())) {
				it.remove();
				try {
					waiter.answer().run();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not answer a change-feed waiter", ex);
				}
			}
		}
	}

	private record Waiter(long cursor, Instant until, Runnable answer) {
	}

}
