package io.turnstile.auth.entitlement;

import java.time.Duration;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/tiers}: the tier catalog, public and cacheable, so content services never hard-code it. */
@RestController
@Tag(name = "Content services", description = "The tier catalog and playback decisions")
class TiersController {

	private final TierCatalog catalog;

	TiersController(TierCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/tiers")
	@Operation(summary = "The tier catalog",
			description = "Lowest tier first; public and cacheable (5 minutes), so content services never hard-code it.")
	@ExamplePayloads(response = """
			[{"code":"free","rank":0,"features":["sd"],"streams":1,"devices":2},
			 {"code":"premium","rank":3,"features":["ad_free","downloads","hd","sd","uhd"],"streams":4,"devices":10}]""")
	ResponseEntity<List<TierJson>> tiers() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.body(this.catalog.tiers().stream().map(TierJson::of).toList());
	}

	@Schema(name = "Tier")
	record TierJson(String code, int rank, List<String> features, int streams, int devices) {

		static TierJson of(Tier tier) {
			return new TierJson(tier.code(), tier.rank(), tier.features().stream().sorted().toList(), tier.streams(),
					tier.devices());
		}

	}

}
