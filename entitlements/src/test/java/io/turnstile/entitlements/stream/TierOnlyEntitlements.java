package io.turnstile.entitlements.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.EntitlementChange;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.TierSource;
import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;
import org.jspecify.annotations.Nullable;

/** {@link Entitlements} that knows only each person's tier (the standard catalog): what stream leases read. */
final class TierOnlyEntitlements implements Entitlements {

	private final TierCatalog catalog = TierCatalog.standard();

	private final Map<AccountId, Tier> tiers = new ConcurrentHashMap<>();

	TierOnlyEntitlements onTier(AccountId userId, String tierCode) {
		this.tiers.put(userId, this.catalog.find(tierCode).orElseThrow());
		return this;
	}

	@Override
	public TierCatalog catalog() {
		return this.catalog;
	}

	@Override
	public EntitlementSnapshot current(AccountId userId) {
		Tier tier = this.tiers.getOrDefault(userId, this.catalog.tiers().get(0));
		return new EntitlementSnapshot(userId, tier, TierSource.COMP, List.of(), 1, 0);
	}

	@Override
	public EntitlementSnapshot compTier(AccountId userId, String tierCode, @Nullable Instant until, Change change) {
		throw new UnsupportedOperationException();
	}

	@Override
	public EntitlementSnapshot endComp(AccountId userId, Change change) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PayPerViewGrant grantPayPerView(AccountId userId, String eventId, String source, Change change) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PayPerViewGrant revokePayPerView(AccountId userId, long grantId, Change change) {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<PayPerViewGrant> payPerViewGrants(AccountId userId) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PayPerViewEvent defineEvent(PayPerViewEvent event, Change change) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Optional<PayPerViewEvent> event(String eventId) {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<PayPerViewEvent> events() {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<EntitlementChange> history(AccountId userId) {
		throw new UnsupportedOperationException();
	}

}
