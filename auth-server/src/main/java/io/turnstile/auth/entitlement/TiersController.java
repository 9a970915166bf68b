package io.turnstile.auth.entitlement;

import java.time.Duration;
import java.util.List;

import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/tiers}: the tier catalog, public and cacheable, so content services never hard-code it. */
@RestController
class TiersController {

	private final TierCatalog catalog;

	TiersController(TierCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/tiers")
	ResponseEntity<List<TierJson>> tiers() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.body(this.catalog.tiers().stream().map(TierJson::of).toList());
	}

	record TierJson(String code, int rank, List<String> features, int streams, int devices) {

		static TierJson of(Tier tier) {
			return new TierJson(tier.code(), tier.rank(), tier.features().stream().sorted().toList(), tier.streams(),
					tier.devices());
		}

	}

}
