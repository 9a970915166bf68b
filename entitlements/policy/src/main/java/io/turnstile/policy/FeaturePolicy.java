package io.turnstile.policy;

/**
 * A title that requires a feature (e.g. {@code downloads}) needs it in the token's {@code ent.features}.
 */
final class FeaturePolicy implements AccessPolicy {

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		String required = content.requiredFeature();
		if (required == null || claims.hasFeature(required)) {
			return Decision.permit();
		}
		return Decision.deny(Reason.FEATURE_NOT_INCLUDED);
	}

}
