package io.turnstile.billing;

/** A billing request refused or failed; plain Java, mapped to problem details by the web layer. */
public abstract class BillingException extends RuntimeException {

	protected BillingException(String message) {
		super(message);
	}

	protected BillingException(String message, Throwable cause) {
		super(message, cause);
	}

}
