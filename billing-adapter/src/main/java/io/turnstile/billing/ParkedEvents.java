package io.turnstile.billing;

import java.util.List;

import io.turnstile.entitlements.AccountId;

/**
 * Events billing could not apply yet: parked (nobody to apply them to) and failed (applying threw; they
 * are retried automatically with backoff).
 */
public interface ParkedEvents {

	/** Parked events, oldest first. */
	List<BillingEvent> parked();

	/** Failed events, oldest first. */
	List<BillingEvent> failed();

	/**
	 * Applies a parked or failed event again.
	 * @return the event afterwards
	 * @throws UnknownBillingEvent if there is no such event
	 * @throws EventNotReplayable if it is neither parked nor failed
	 */
	BillingEvent replay(String eventId);

	/**
	 * Applies again every event parked for this person (call it once they exist: after a sign-up or import).
	 * @return how many events were replayed
	 */
	int replayFor(AccountId userId);

}
