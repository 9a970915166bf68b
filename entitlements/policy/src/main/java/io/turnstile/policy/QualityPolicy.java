package io.turnstile.policy;

import java.util.Map;

/**
 * A requested quality the token's {@code ent.features} include plays as asked. One they do not include
 * degrades rather than denies: the permit carries {@code max_quality} set to the best lower quality the
 * token does include (a {@code uhd} title on an {@code hd} tier plays with {@code max_quality=hd}). It is
 * denied ({@code FEATURE_NOT_INCLUDED}) when the token includes no lower quality, and left to
 * {@link FeaturePolicy} when the title requires that quality explicitly as its feature.
 */
final class QualityPolicy implements AccessPolicy {

	private static final Decision.Permit[] AT_MOST = atMost();

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		String requested = content.quality();
		if (requested == null || requested.equals(content.requiredFeature())) {
			return Decision.permit();
		}
		Quality quality = Quality.fromCode(requested);
		int included = claims.qualities();
		if (quality == null || (included & quality.bit()) != 0) {
			return Decision.permit();
		}
		Quality lower = quality.bestBelow(included);
		if (lower == null) {
			return Decision.deny(Reason.FEATURE_NOT_INCLUDED);
		}
		return AT_MOST[lower.ordinal()];
	}

	private static Decision.Permit[] atMost() {
		Quality[] qualities = Quality.values();
		Decision.Permit[] permits = new Decision.Permit[qualities.length];
		for (Quality quality : qualities) {
			permits[quality.ordinal()] = new Decision.Permit(Map.of(Decision.MAX_QUALITY, quality.code()));
		}
		return permits;
	}

}
