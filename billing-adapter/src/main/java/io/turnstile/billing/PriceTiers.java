package io.turnstile.billing;

import java.util.List;

/**
 * Which tier a Stripe price pays for when its own {@code metadata.tier} should not decide: entries by
 * price id or lookup key, from configuration ({@code turnstile.billing.prices}) and from operators.
 * Operators' entries win over configured ones; both win over the price's metadata.
 */
public interface PriceTiers {

	/** Every entry, operators' first. */
	List<PriceTier> entries();

	/**
	 * Maps a price id or lookup key to a tier.
	 * @throws io.turnstile.entitlements.UnknownTier if the catalog has no such tier
	 */
	PriceTier map(String priceKey, String tier, String actor);

	/** Removes an operator's entry. @return whether there was one */
	boolean unmap(String priceKey);

	/**
	 * @param priceKey a price id ({@code price_…}) or lookup key
	 * @param tier the tier code
	 * @param source {@code admin} or {@code config}
	 */
	record PriceTier(String priceKey, String tier, String source) {
	}

}
