package io.turnstile.auth.billing;

import io.turnstile.auth.account.PersonJoined;
import io.turnstile.billing.ParkedEvents;
import io.turnstile.entitlements.AccountId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.util.Assert;

/**
 * Once a person exists (signed up or imported, committed), the Stripe events parked for their id are
 * applied. A failure here never undoes the sign-up: the events stay parked and can be replayed.
 */
@Component
class ParkedEventsReplay {

	private static final Log logger = LogFactory.getLog(ParkedEventsReplay.class);

	private final ParkedEvents parkedEvents;

	ParkedEventsReplay(ParkedEvents parkedEvents) {
		Assert.notNull(parkedEvents, "parkedEvents cannot be null");
		this.parkedEvents = parkedEvents;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void personJoined(PersonJoined joined) {
		try {
			this.parkedEvents.replayFor(new AccountId(joined.id()));
		}
		catch (RuntimeException ex) {
			logger.warn("Replaying the Stripe events parked for " + joined.id() + " failed ("
					+ ex.getClass().getSimpleName() + "); they stay parked");
		}
	}

}
