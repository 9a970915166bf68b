package io.turnstile.billing.prices;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.turnstile.billing.BillingRequestRejected;
import io.turnstile.billing.PriceTiers;
import io.turnstile.entitlements.UnknownTier;
import io.turnstile.policy.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.annotation.Transactional;

/**
 * Which tier a price pays for: an operator's entry for its id, then for its lookup key, then the configured
 * entries in the same order, then the price's own {@code metadata.tier}.
 */
public class PriceTierMap implements PriceTiers {

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,255}");

	private final PriceTierEntityRepository entries;

	private final Map<String, String> configured;

	private final TierCatalog catalog;

	private final Clock clock;

	PriceTierMap(PriceTierEntityRepository entries, Map<String, String> configured, TierCatalog catalog, Clock clock) {
		this.entries = Objects.requireNonNull(entries, "entries cannot be null");
		this.configured = new TreeMap<>(configured);
		this.catalog = Objects.requireNonNull(catalog, "catalog cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.configured.forEach((key, tier) -> {
			if (catalog.find(tier).isEmpty()) {
				throw new IllegalStateException("turnstile.billing.prices maps " + key + " to unknown tier " + tier);
			}
		});
	}

	/** The tier a price pays for, if anything says so. */
	@Transactional(readOnly = true)
	public Optional<String> tierOf(String priceId, @Nullable String lookupKey, @Nullable String metadataTier) {
		List<String> keys = (lookupKey != null) ? List.of(priceId, lookupKey) : List.of(priceId);
		for (String key : keys) {
			Optional<PriceTierEntity> entry = this.entries.findById(key);
			if (entry.isPresent()) {
				return Optional.of(entry.get().tier);
			}
		}
		for (String key : keys) {
			if (this.configured.containsKey(key)) {
				return Optional.of(this.configured.get(key));
			}
		}
		return Optional.ofNullable(metadataTier).filter((tier) -> !tier.isBlank());
	}

	@Override
	@Transactional(readOnly = true)
	public List<PriceTier> entries() {
		List<PriceTier> all = new ArrayList<>();
		this.entries.findAllByOrderByPriceKeyAsc()
			.forEach((entry) -> all.add(new PriceTier(entry.priceKey, entry.tier, "admin")));
		this.configured.forEach((key, tier) -> all.add(new PriceTier(key, tier, "config")));
		return all;
	}

	@Override
	@Transactional
	public PriceTier map(String priceKey, String tier, String actor) {
		if (!KEY.matcher(priceKey).matches()) {
			throw new BillingRequestRejected("A price key is a price id or lookup key of 1-255 characters [A-Za-z0-9._:-]");
		}
		if (this.catalog.find(tier).isEmpty()) {
			throw new UnknownTier(tier);
		}
		PriceTierEntity entry = this.entries.findById(priceKey).orElseGet(PriceTierEntity::new);
		entry.priceKey = priceKey;
		entry.tier = tier;
		entry.updatedBy = actor;
		entry.updatedAt = this.clock.instant();
		this.entries.save(entry);
		return new PriceTier(priceKey, tier, "admin");
	}

	@Override
	@Transactional
	public boolean unmap(String priceKey) {
		if (!this.entries.existsById(priceKey)) {
			return false;
		}
		this.entries.deleteById(priceKey);
		return true;
	}

}
