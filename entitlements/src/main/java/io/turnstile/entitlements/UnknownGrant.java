package io.turnstile.entitlements;

/** A grant id that does not exist for that person. */
public class UnknownGrant extends EntitlementException {

	public UnknownGrant(String what) {
		super(what);
	}

}
