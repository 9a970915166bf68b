package io.turnstile.entitlements;

/** A pay-per-view event id the catalog does not have. */
public class UnknownPayPerViewEvent extends EntitlementException {

	public UnknownPayPerViewEvent(String eventId) {
		super("No pay-per-view event '" + eventId + "'");
	}

}
