package io.turnstile.policy;

/**
 * Decides whether verified claims may play a title in a context. Implementations never throw for a
 * denial: a denial is a {@link Decision.Deny} with every reason that applies.
 */
public interface AccessPolicy {

	Decision decide(EntitlementClaims claims, ContentRequirement content, Context context);

	/**
	 * The standard rules: tier, feature, quality (degrading rather than denying where it can), pay-per-view
	 * window, device binding and freshness.
	 */
	static AccessPolicy standard(TierCatalog catalog) {
		return new StandardAccessPolicy(catalog);
	}

}
