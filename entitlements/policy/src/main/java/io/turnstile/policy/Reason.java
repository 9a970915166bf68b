package io.turnstile.policy;

/**
 * Why a {@link Decision.Deny} denies. The names are the wire codes that {@code /api/decisions} reports.
 */
public enum Reason {

	TIER_TOO_LOW,
	FEATURE_NOT_INCLUDED,
	PPV_NOT_PURCHASED,
	PPV_WINDOW_NOT_OPEN,
	PPV_WINDOW_CLOSED,
	TOKEN_INVALID,
	TOKEN_EXPIRED,
	TOKEN_REVOKED,
	ENTITLEMENT_STALE,
	TOKEN_NOT_BOUND_TO_CALLER,
	DEVICE_MISMATCH;

	/**
	 * The stable wire code of this reason, e.g. {@code "TIER_TOO_LOW"}.
	 */
	public String code() {
		return name();
	}

}
