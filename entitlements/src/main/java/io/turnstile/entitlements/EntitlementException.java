package io.turnstile.entitlements;

/** A request the entitlements module refuses; plain Java, mapped to problem details by the web layer. */
public abstract class EntitlementException extends RuntimeException {

	protected EntitlementException(String message) {
		super(message);
	}

}
