package io.turnstile.policy;

import java.util.Objects;
import java.util.Set;

/**
 * One tier of the catalog, as published at {@code GET /api/tiers}.
 *
 * @param code the tier's code, e.g. {@code premium}
 * @param rank its place in the order: a higher rank includes everything a lower one allows
 * @param features the features it includes ({@code sd}, {@code hd}, {@code uhd}, {@code downloads},
 * {@code ad_free}, …); qualities are features
 * @param streams the concurrent-stream limit
 * @param devices the registered-device limit
 */
public record Tier(String code, int rank, Set<String> features, int streams, int devices) {

	public Tier {
		Objects.requireNonNull(code, "code");
		if (code.isBlank()) {
			throw new IllegalArgumentException("tier code must not be blank");
		}
		if (rank < 0) {
			throw new IllegalArgumentException("tier " + code + ": rank must not be negative");
		}
		features = Set.copyOf(features);
		if (streams < 0) {
			throw new IllegalArgumentException("tier " + code + ": streams must not be negative");
		}
		if (devices < 0) {
			throw new IllegalArgumentException("tier " + code + ": devices must not be negative");
		}
	}

	/**
	 * Whether this tier includes the feature.
	 */
	public boolean includes(String feature) {
		return this.features.contains(feature);
	}

}
