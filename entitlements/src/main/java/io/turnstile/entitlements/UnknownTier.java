package io.turnstile.entitlements;

/** A tier code the catalog does not have. */
public class UnknownTier extends EntitlementException {

	public UnknownTier(String code) {
		super("No tier '" + code + "' in the catalog");
	}

}
