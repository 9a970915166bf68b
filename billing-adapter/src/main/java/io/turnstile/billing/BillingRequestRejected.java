package io.turnstile.billing;

/** A billing request that cannot be done as asked (input rejected: a checkout without a price, a bad price key). */
public class BillingRequestRejected extends BillingException {

	public BillingRequestRejected(String message) {
		super(message);
	}

}
