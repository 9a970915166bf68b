package io.turnstile.entitlements.management;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.EntitlementChange;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.EntitlementsChanged;
import io.turnstile.entitlements.InvalidEntitlementRequest;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.PayPerViewPurchase;
import io.turnstile.entitlements.TierSource;
import io.turnstile.entitlements.UnknownGrant;
import io.turnstile.entitlements.UnknownPayPerViewEvent;
import io.turnstile.entitlements.UnknownTier;
import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link Entitlements} on JPA. A change locks the person's row, grows {@code ver}, records who, why,
 * before and after, and publishes {@link EntitlementsChanged}, all in one transaction
 * ({@link AccountChanges}); paid passes are kept by {@link PayPerViewPurchases}.
 */
class EntitlementsManagement implements Entitlements {

	private static final Log logger = LogFactory.getLog(EntitlementsManagement.class);

	private final EntitlementAccountEntityRepository accounts;

	private final PayPerViewEventEntityRepository events;

	private final PayPerViewGrantEntityRepository grants;

	private final EntitlementChangeEntityRepository changes;

	private final TierCatalog catalog;

	private final AccountChanges accountChanges;

	private final PayPerViewPurchases purchases;

	private final JdbcTemplate jdbc;

	private final SnapshotRows rows;

	EntitlementsManagement(EntitlementAccountEntityRepository accounts, PayPerViewEventEntityRepository events,
			PayPerViewGrantEntityRepository grants, EntitlementChangeEntityRepository changes, TierCatalog catalog,
			AccountChanges accountChanges, PayPerViewPurchases purchases, JdbcTemplate jdbc) {
		this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.grants = Objects.requireNonNull(grants, "grants cannot be null");
		this.changes = Objects.requireNonNull(changes, "changes cannot be null");
		this.catalog = Objects.requireNonNull(catalog, "catalog cannot be null");
		this.accountChanges = Objects.requireNonNull(accountChanges, "accountChanges cannot be null");
		this.purchases = Objects.requireNonNull(purchases, "purchases cannot be null");
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
		this.rows = new SnapshotRows(jdbc);
	}

	@Override
	public TierCatalog catalog() {
		return this.catalog;
	}

	/** One indexed read of one column outside any transaction: it runs on every decision. */
	@Override
	public long minimumVersion(AccountId userId) {
		List<Long> minimum = this.jdbc.queryForList("select min_ver from entitlement_account where user_id = ?",
				Long.class, userId.value());
		return minimum.isEmpty() ? 0L : minimum.get(0);
	}

	/**
	 * Read through JPA inside a transaction, which may hold changes not yet flushed; otherwise (every token
	 * issued or refreshed) by two JDBC statements with no transaction.
	 */
	@Override
	public EntitlementSnapshot current(AccountId userId) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return snapshot(userId, this.accounts.findById(userId.value()).orElse(null),
					this.grants.findByUserIdOrderByIdDesc(userId.value()));
		}
		return snapshot(userId, this.rows.account(userId.value()), this.rows.grants(userId.value()));
	}

	private EntitlementSnapshot snapshot(AccountId userId, @Nullable EntitlementAccountEntity account,
			List<PayPerViewGrantEntity> grants) {
		Instant now = this.accountChanges.now();
		List<PayPerViewGrant> passes = grants
			.stream()
			.map(PayPerViewGrantEntity::toDomain)
			.filter((grant) -> grant.isCurrent(now))
			.toList();
		Tier lowest = this.catalog.tiers().get(0);
		if (account == null) {
			return new EntitlementSnapshot(userId, lowest, TierSource.DEFAULT, passes, null, 0, 0);
		}
		BillingSubscription subscription = account.subscription();
		if (account.compTier != null && (account.compUntil == null || now.isBefore(account.compUntil))) {
			Optional<Tier> comp = this.catalog.find(account.compTier);
			if (comp.isPresent()) {
				return new EntitlementSnapshot(userId, comp.get(), TierSource.COMP, passes, subscription, account.ver,
						account.minVer);
			}
			logger.warn("Comp tier " + account.compTier + " of " + userId + " is no longer in the catalog");
		}
		if (subscription != null && subscription.grantsAccess() && subscription.tier() != null) {
			Optional<Tier> paid = this.catalog.find(subscription.tier());
			if (paid.isPresent()) {
				return new EntitlementSnapshot(userId, paid.get(), TierSource.BILLING, passes, subscription,
						account.ver, account.minVer);
			}
			logger.warn("Billing tier " + subscription.tier() + " of " + userId + " is not in the catalog");
		}
		return new EntitlementSnapshot(userId, lowest, TierSource.DEFAULT, passes, subscription, account.ver,
				account.minVer);
	}

	@Override
	@Transactional
	public EntitlementSnapshot compTier(AccountId userId, String tierCode, @Nullable Instant until, Change change) {
		Tier tier = this.catalog.find(tierCode).orElseThrow(() -> new UnknownTier(tierCode));
		if (until != null && !until.isAfter(this.accountChanges.now())) {
			throw new InvalidEntitlementRequest("until must be in the future");
		}
		EntitlementAccountEntity account = this.accountChanges.lock(userId);
		Tier before = current(userId).tier();
		String beforeState = account.describe();
		account.compTier = tier.code();
		account.compUntil = until;
		account.compReason = change.reason();
		boolean reduced = tier.rank() < before.rank();
		this.accountChanges.commit(account, "comp-tier", change, beforeState, account.describe(), reduced);
		return current(userId);
	}

	@Override
	@Transactional
	public EntitlementSnapshot endComp(AccountId userId, Change change) {
		EntitlementAccountEntity account = this.accountChanges.lock(userId);
		if (account.compTier == null) {
			throw new UnknownGrant("No comp tier to end for this person");
		}
		String beforeState = account.describe();
		account.compTier = null;
		account.compUntil = null;
		account.compReason = null;
		this.accountChanges.commit(account, "end-comp", change, beforeState, account.describe(), true);
		return current(userId);
	}

	@Override
	@Transactional
	public EntitlementSnapshot recordSubscription(AccountId userId, BillingSubscription subscription, Change change) {
		if (subscription.tier() != null && this.catalog.find(subscription.tier()).isEmpty()) {
			throw new UnknownTier(subscription.tier());
		}
		EntitlementAccountEntity account = this.accountChanges.lock(userId);
		BillingSubscription recorded = account.subscription();
		if (subscription.equals(recorded)) {
			return current(userId);
		}
		Tier before = current(userId).tier();
		account.subscription(subscription);
		this.accounts.save(account);
		Tier after = current(userId).tier();
		this.accountChanges.commit(account, "subscription", change, EntitlementAccountEntity.describe(recorded),
				EntitlementAccountEntity.describe(subscription), after.rank() < before.rank());
		return current(userId);
	}

	@Override
	@Transactional(readOnly = true)
	public Map<AccountId, BillingSubscription> subscriptionsGrantingAccess() {
		Map<AccountId, BillingSubscription> granting = new LinkedHashMap<>();
		for (EntitlementAccountEntity account : this.accounts.findBySubGrantsTrueOrderByUserId()) {
			BillingSubscription subscription = account.subscription();
			if (subscription != null) {
				granting.put(new AccountId(account.userId), subscription);
			}
		}
		return granting;
	}

	@Override
	@Transactional
	public PayPerViewGrant grantPayPerView(AccountId userId, String eventId, String source, Change change) {
		PayPerViewEvent event = this.events.findById(eventId)
			.map(PayPerViewEventEntity::toDomain)
			.orElseThrow(() -> new UnknownPayPerViewEvent(eventId));
		EntitlementAccountEntity account = this.accountChanges.lock(userId);
		Instant now = this.accountChanges.now();
		PayPerViewGrantEntity grant = this.grants.findByUserIdAndEventId(userId.value(), eventId).orElse(null);
		String beforeState = (grant != null) ? grant.describe() : "no pass for " + eventId;
		if (grant == null) {
			grant = new PayPerViewGrantEntity();
			grant.userId = userId.value();
			grant.eventId = eventId;
			grant.createdAt = now;
		}
		grant.notBefore = event.notBefore();
		grant.expiresAt = event.expiresAt();
		grant.state = PayPerViewGrant.State.ACTIVE.name();
		grant.source = source;
		grant.reason = change.reason();
		grant.revokedReason = null;
		grant.updatedAt = now;
		try {
			grant = this.grants.saveAndFlush(grant);
		}
		catch (DataIntegrityViolationException ex) {
			throw new InvalidEntitlementRequest("A pass for this event was granted at the same moment; try again");
		}
		this.accountChanges.commit(account, "grant-ppv", change, beforeState, grant.describe(), false);
		return grant.toDomain();
	}

	@Override
	@Transactional
	public PayPerViewGrant revokePayPerView(AccountId userId, long grantId, Change change) {
		EntitlementAccountEntity account = this.accountChanges.lock(userId);
		PayPerViewGrantEntity grant = this.grants.findById(grantId)
			.filter((found) -> found.userId.equals(userId.value()))
			.orElseThrow(() -> new UnknownGrant("This person has no pay-per-view grant " + grantId));
		String beforeState = grant.describe();
		grant.state = PayPerViewGrant.State.REVOKED.name();
		grant.revokedReason = change.reason();
		grant.updatedAt = this.accountChanges.now();
		this.purchases.revokedByOperator(grant);
		this.accountChanges.commit(account, "revoke-ppv", change, beforeState, grant.describe(), true);
		return grant.toDomain();
	}

	@Override
	@Transactional(readOnly = true)
	public List<PayPerViewGrant> payPerViewGrants(AccountId userId) {
		return this.grants.findByUserIdOrderByIdDesc(userId.value())
			.stream()
			.map(PayPerViewGrantEntity::toDomain)
			.toList();
	}

	@Override
	@Transactional
	public PayPerViewPurchase purchasePayPerView(AccountId userId, String paymentId, String eventId,
			@Nullable Instant notBefore, @Nullable Instant expiresAt, Change change) {
		return this.purchases.purchase(userId, paymentId, eventId, notBefore, expiresAt, change);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<PayPerViewPurchase> purchase(String paymentId) {
		return this.purchases.find(paymentId);
	}

	@Override
	@Transactional(readOnly = true)
	public List<PayPerViewPurchase> purchases(Instant from, Instant to) {
		return this.purchases.recorded(from, to);
	}

	@Override
	@Transactional
	public Optional<PayPerViewPurchase> suspendPurchase(String paymentId, Change change) {
		return this.purchases.suspend(paymentId, change);
	}

	@Override
	@Transactional
	public Optional<PayPerViewPurchase> restorePurchase(String paymentId, Change change) {
		return this.purchases.restore(paymentId, change);
	}

	@Override
	@Transactional
	public Optional<PayPerViewPurchase> revokePurchase(String paymentId, Change change) {
		return this.purchases.revoke(paymentId, change);
	}

	@Override
	@Transactional
	public PayPerViewEvent defineEvent(PayPerViewEvent event, Change change) {
		Instant now = this.accountChanges.now();
		PayPerViewEventEntity entity = this.events.findById(event.id()).orElseGet(PayPerViewEventEntity::new);
		String beforeState = (entity.id.isEmpty()) ? null : entity.toDomain().toString();
		entity.from(event, now);
		this.events.save(entity);
		this.accountChanges.record(null, 0, "define-ppv-event", change, beforeState, event.toString());
		return event;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<PayPerViewEvent> event(String eventId) {
		return this.events.findById(eventId).map(PayPerViewEventEntity::toDomain);
	}

	@Override
	@Transactional(readOnly = true)
	public List<PayPerViewEvent> events() {
		return this.events.findAllByOrderByStartsAtAsc().stream().map(PayPerViewEventEntity::toDomain).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<EntitlementChange> history(AccountId userId) {
		return this.changes.findTop200ByUserIdOrderByIdDesc(userId.value())
			.stream()
			.map(EntitlementChangeEntity::toDomain)
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<EntitlementChange> recentChanges() {
		return this.changes.findTop200ByOrderByIdDesc().stream().map(EntitlementChangeEntity::toDomain).toList();
	}

}
