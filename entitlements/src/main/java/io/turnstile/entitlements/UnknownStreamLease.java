package io.turnstile.entitlements;

/** A lease id that is not an unexpired lease of that person (never existed, someone else's, ended or expired). */
public class UnknownStreamLease extends EntitlementException {

	public UnknownStreamLease(String message) {
		super(message);
	}

}
