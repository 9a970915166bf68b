package io.turnstile.entitlements;

/** Where a person's effective tier comes from. */
public enum TierSource {

	/** A paid subscription. */
	BILLING,

	/** An operator's comp grant, which wins over billing while it is active. */
	COMP,

	/** Neither: the lowest tier of the catalog. */
	DEFAULT;

	/** The JSON value: {@code billing}, {@code comp}, {@code default}. */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
