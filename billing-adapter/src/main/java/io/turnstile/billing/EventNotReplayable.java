package io.turnstile.billing;

/** Only parked and failed events can be replayed. */
public class EventNotReplayable extends BillingException {

	public EventNotReplayable(String eventId, String state) {
		super("Event '" + eventId + "' is " + state + "; only parked and failed events can be replayed");
	}

}
