package io.turnstile.billing;

/** Stripe could not be reached or refused for a reason that is not the caller's (we failed). */
public class PaymentProviderFailed extends BillingException {

	public PaymentProviderFailed(String message, Throwable cause) {
		super(message, cause);
	}

	public PaymentProviderFailed(String message) {
		super(message);
	}

}
