package io.turnstile.entitlements;

/** Input that breaks a rule of the domain (a malformed id, a window that ends before it starts). */
public class InvalidEntitlementRequest extends EntitlementException {

	public InvalidEntitlementRequest(String message) {
		super(message);
	}

}
