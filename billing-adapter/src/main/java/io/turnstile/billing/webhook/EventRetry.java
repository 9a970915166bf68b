package io.turnstile.billing.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.turnstile.billing.BillingProperties;
import io.turnstile.entitlements.ExclusiveTasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retry job, every {@code turnstile.billing.retry.interval}, on one node at a time (through
 * {@link ExclusiveTasks}): applies failed events whose next attempt is due (backoff doubles from
 * {@code initial-delay} to {@code max-delay}) and {@code received} events a stopped node left unapplied,
 * then ends the {@code past_due} grace that ran out. A round may still meet a webhook delivery on an event:
 * its row lock lets one apply it, the other finds it done.
 */
class EventRetry implements SchedulingConfigurer {

	private static final Log logger = LogFactory.getLog(EventRetry.class);

	static final int BATCH = 100;

	private final StripeEventEntityRepository events;

	private final EventApplication application;

	private final SubscriptionSnapshots subscriptions;

	private final TransactionTemplate transactions;

	private final BillingProperties.Retry retry;

	private final Clock clock;

	private ExclusiveTasks exclusive = ExclusiveTasks.LOCAL;

	EventRetry(StripeEventEntityRepository events, EventApplication application, SubscriptionSnapshots subscriptions,
			TransactionTemplate transactions, BillingProperties.Retry retry, Clock clock) {
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.application = Objects.requireNonNull(application, "application cannot be null");
		this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions cannot be null");
		this.transactions = Objects.requireNonNull(transactions, "transactions cannot be null");
		this.retry = Objects.requireNonNull(retry, "retry cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** How rounds are kept to one node at a time; by default they are not ({@link ExclusiveTasks#LOCAL}). */
	void setExclusiveTasks(ExclusiveTasks exclusive) {
		this.exclusive = Objects.requireNonNull(exclusive, "exclusive cannot be null");
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::runExclusively, this.retry.interval());
	}

	private void runExclusively() {
		try {
			this.exclusive.run("billing-event-retry", this.retry.interval().multipliedBy(20).plusMinutes(5),
					this.retry.interval().dividedBy(2), this::run);
		}
		catch (RuntimeException ex) {
			logger.warn("Billing retry round could not start (" + ex.getClass().getSimpleName() + "); trying again in "
					+ this.retry.interval());
		}
	}

	/** One round. */
	void run() {
		try {
			Instant now = this.clock.instant();
			List<String> due = this.events.findDue(now, now.minus(this.retry.unfinishedAfter()), Limit.of(BATCH));
			for (String eventId : due) {
				this.application.apply(eventId, null, false);
			}
			this.subscriptions.endExpiredGrace(now, (work) -> this.transactions.executeWithoutResult((status) -> work.run()));
		}
		catch (RuntimeException ex) {
			logger.warn("Billing retry round failed (" + ex.getClass().getSimpleName() + "); trying again in "
					+ this.retry.interval());
		}
	}

}
