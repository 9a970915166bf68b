package io.turnstile.billing.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.stripe.model.Event;
import com.stripe.net.Webhook;
import io.turnstile.billing.BillingEvent;
import io.turnstile.billing.BillingProperties;
import io.turnstile.billing.EventNotReplayable;
import io.turnstile.billing.ParkedEvents;
import io.turnstile.billing.UnknownBillingEvent;
import io.turnstile.entitlements.AccountId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.domain.Limit;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Step (b): applies a stored event in a transaction of its own that also moves its state to
 * {@code applied}, {@code superseded}, {@code parked} or {@code ignored}; the event row is locked, so an
 * event is applied once even when a retry and a redelivery meet. If applying throws, every effect is
 * rolled back and the event is recorded as {@code failed} with the error and a next attempt (backoff).
 * Also the operators' view: {@link ParkedEvents}.
 */
class EventApplication implements ParkedEvents {

	private static final Log logger = LogFactory.getLog(EventApplication.class);

	private static final int LISTED = 1000;

	private final StripeEventEntityRepository events;

	private final StripeEventTranslator translator;

	private final TransactionTemplate transactions;

	private final BillingProperties.Retry retry;

	private final Clock clock;

	EventApplication(StripeEventEntityRepository events, StripeEventTranslator translator,
			TransactionTemplate transactions, BillingProperties.Retry retry, Clock clock) {
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.translator = Objects.requireNonNull(translator, "translator cannot be null");
		this.transactions = Objects.requireNonNull(transactions, "transactions cannot be null");
		this.retry = Objects.requireNonNull(retry, "retry cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * Applies a stored event unless it is done (or parked, unless replayed).
	 * @param parsed the event as verified at intake, or {@code null} to read the stored body
	 */
	BillingEvent apply(String eventId, @Nullable Event parsed, boolean replay) {
		RuntimeException failure = null;
		for (int attempt = 1; attempt <= 2; attempt++) {
			try {
				return Objects.requireNonNull(this.transactions.execute((status) -> applyLocked(eventId, parsed, replay)));
			}
			catch (UnknownBillingEvent ex) {
				throw ex;
			}
			catch (TransientDataAccessException | DataIntegrityViolationException ex) {
				// Usually a concurrent event about the same object: once more, now that it committed.
				failure = ex;
			}
			catch (RuntimeException ex) {
				failure = ex;
				break;
			}
		}
		return failed(eventId, Objects.requireNonNull(failure));
	}

	private BillingEvent applyLocked(String eventId, @Nullable Event parsed, boolean replay) {
		StripeEventEntity stored = this.events.findForUpdate(eventId).orElseThrow(() -> new UnknownBillingEvent(eventId));
		if (stored.isDone() || (StripeEventEntity.PARKED.equals(stored.state) && !replay)) {
			return stored.toDomain();
		}
		Event event = (parsed != null) ? parsed : Webhook.constructEventWithoutVerification(stored.payload);
		Outcome outcome = this.translator.apply(event);
		stored.state = outcome.state();
		stored.reason = outcome.reason();
		stored.userId = outcome.userId();
		stored.nextAttemptAt = null;
		stored.updatedAt = this.clock.instant();
		if (StripeEventEntity.PARKED.equals(outcome.state()) || StripeEventEntity.SUPERSEDED.equals(outcome.state())) {
			logger.info("Stripe event " + eventId + " (" + stored.type + ") " + outcome.state() + ": " + outcome.reason());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Stripe event " + eventId + " (" + stored.type + ") " + outcome.state());
		}
		return stored.toDomain();
	}

	private BillingEvent failed(String eventId, RuntimeException failure) {
		String reason = describe(failure);
		return Objects.requireNonNull(this.transactions.execute((status) -> {
			StripeEventEntity stored = this.events.findForUpdate(eventId).orElseThrow(() -> new UnknownBillingEvent(eventId));
			if (stored.isDone()) {
				return stored.toDomain();
			}
			Instant now = this.clock.instant();
			stored.state = StripeEventEntity.FAILED;
			stored.reason = reason;
			stored.attempts = stored.attempts + 1;
			stored.nextAttemptAt = now.plus(this.retry.delayAfter(stored.attempts));
			stored.updatedAt = now;
			logger.warn("Applying Stripe event " + eventId + " (" + stored.type + ") failed, attempt " + stored.attempts
					+ ": " + reason + "; next attempt at " + stored.nextAttemptAt);
			return stored.toDomain();
		}));
	}

	/** The error in words for operators: never the body, never a stack trace. */
	static String describe(RuntimeException failure) {
		String message = (failure instanceof UnreadableEvent || failure instanceof UnmappedPrice)
				? failure.getMessage() : failure.getClass().getSimpleName() + ": " + failure.getMessage();
		String flat = String.valueOf(message).replaceAll("\\s+", " ");
		return (flat.length() <= 500) ? flat : flat.substring(0, 499) + "…";
	}

	@Override
	public List<BillingEvent> parked() {
		return this.events.findByStateOrderByCreatedAsc(StripeEventEntity.PARKED, Limit.of(LISTED))
			.stream()
			.map(StripeEventEntity::toDomain)
			.toList();
	}

	@Override
	public List<BillingEvent> failed() {
		return this.events.findByStateOrderByCreatedAsc(StripeEventEntity.FAILED, Limit.of(LISTED))
			.stream()
			.map(StripeEventEntity::toDomain)
			.toList();
	}

	@Override
	public BillingEvent replay(String eventId) {
		StripeEventEntity stored = this.events.findById(eventId).orElseThrow(() -> new UnknownBillingEvent(eventId));
		if (!StripeEventEntity.PARKED.equals(stored.state) && !StripeEventEntity.FAILED.equals(stored.state)) {
			throw new EventNotReplayable(eventId, stored.state);
		}
		logger.info("Replaying Stripe event " + eventId + " (" + stored.state + ")");
		return apply(eventId, null, true);
	}

	@Override
	public int replayFor(AccountId userId) {
		List<String> waiting = this.events.findByStateAndUserIdOrderByCreatedAsc(StripeEventEntity.PARKED, userId.value())
			.stream()
			.map((event) -> event.id)
			.toList();
		waiting.forEach((eventId) -> apply(eventId, null, true));
		if (!waiting.isEmpty()) {
			logger.info("Replayed " + waiting.size() + " Stripe event(s) parked for " + userId);
		}
		return waiting.size();
	}

}
