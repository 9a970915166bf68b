package io.turnstile.billing.webhook;

/**
 * A subscription that grants access pays for a price no tier is known for: neither the price map nor
 * {@code price.metadata.tier} says. Failing (and retrying) is louder than granting nothing.
 */
class UnmappedPrice extends RuntimeException {

	UnmappedPrice(String priceId) {
		super("no tier for price " + priceId + " (map it: PUT /admin/prices/{priceId}, or set price metadata.tier)");
	}

}
