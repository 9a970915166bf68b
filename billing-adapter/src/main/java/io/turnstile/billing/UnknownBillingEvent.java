package io.turnstile.billing;

/** No stored Stripe event has that id. */
public class UnknownBillingEvent extends BillingException {

	public UnknownBillingEvent(String eventId) {
		super("No Stripe event '" + eventId + "' was received");
	}

}
