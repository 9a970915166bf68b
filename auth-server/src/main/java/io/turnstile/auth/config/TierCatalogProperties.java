package io.turnstile.auth.config;

import java.util.List;
import java.util.Set;

import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The configured tier catalog ({@code turnstile.tiers}); the standard catalog when none is configured.
 */
@ConfigurationProperties("turnstile")
record TierCatalogProperties(List<TierProperties> tiers) {

	TierCatalogProperties {
		tiers = (tiers != null) ? List.copyOf(tiers) : List.of();
	}

	TierCatalog toCatalog() {
		if (this.tiers.isEmpty()) {
			return TierCatalog.standard();
		}
		return TierCatalog.of(this.tiers.stream()
			.map((tier) -> new Tier(tier.code(), tier.rank(), Set.copyOf(tier.features()), tier.streams(),
					tier.devices()))
			.toList());
	}

	record TierProperties(String code, int rank, List<String> features, int streams, int devices) {
	}

}
