package io.turnstile.billing.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import com.stripe.model.Event;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Step (a) of the intake: stores a verified event (raw body, id, type, created, API version, state
 * {@code received}) in a transaction of its own, before the 2xx. The event id is the primary key, so the
 * same event delivered twice, even at once to two nodes, is stored once.
 */
class ReceivedEvents {

	private final StripeEventEntityRepository events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ReceivedEvents(StripeEventEntityRepository events, TransactionTemplate transactions, Clock clock) {
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.transactions = Objects.requireNonNull(transactions, "transactions cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * @return {@code true} if the event is new, {@code false} if it was stored already
	 * @throws org.springframework.dao.DataAccessException if it could not be stored (answer 5xx: Stripe retries)
	 */
	boolean store(Event event, String payload) {
		try {
			return Boolean.TRUE.equals(this.transactions.execute((status) -> {
				if (this.events.existsById(event.getId())) {
					return false;
				}
				Instant now = this.clock.instant();
				StripeEventEntity stored = new StripeEventEntity();
				stored.fresh = true;
				stored.id = event.getId();
				stored.type = event.getType();
				stored.created = Instant.ofEpochSecond(event.getCreated());
				stored.apiVersion = event.getApiVersion();
				stored.payload = payload;
				stored.state = StripeEventEntity.RECEIVED;
				stored.receivedAt = now;
				stored.updatedAt = now;
				this.events.saveAndFlush(stored);
				return true;
			}));
		}
		catch (DataIntegrityViolationException ex) {
			// The primary key: a concurrent delivery of the same event stored it first.
			return false;
		}
	}

}
