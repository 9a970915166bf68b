package io.turnstile.entitlements.management;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.ChangeFeed;
import io.turnstile.entitlements.EntitlementChange;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.EntitlementsChanged;
import io.turnstile.entitlements.InvalidEntitlementRequest;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.TierSource;
import io.turnstile.entitlements.UnknownGrant;
import io.turnstile.entitlements.UnknownPayPerViewEvent;
import io.turnstile.entitlements.UnknownTier;
import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Entitlements} on JPA. A change locks the person's row, grows {@code ver}, records who, why,
 * before and after, appends to the {@link ChangeFeed} when it takes a right away, and publishes
 * {@link EntitlementsChanged}, all in one transaction.
 */
class EntitlementsManagement implements Entitlements {

	private static final Log logger = LogFactory.getLog(EntitlementsManagement.class);

	private final EntitlementAccountEntityRepository accounts;

	private final PayPerViewEventEntityRepository events;

	private final PayPerViewGrantEntityRepository grants;

	private final EntitlementChangeEntityRepository changes;

	private final TierCatalog catalog;

	private final ChangeFeed feed;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	EntitlementsManagement(EntitlementAccountEntityRepository accounts, PayPerViewEventEntityRepository events,
			PayPerViewGrantEntityRepository grants, EntitlementChangeEntityRepository changes, TierCatalog catalog,
			ChangeFeed feed, ApplicationEventPublisher publisher, Clock clock) {
		this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.grants = Objects.requireNonNull(grants, "grants cannot be null");
		this.changes = Objects.requireNonNull(changes, "changes cannot be null");
		this.catalog = Objects.requireNonNull(catalog, "catalog cannot be null");
		this.feed = Objects.requireNonNull(feed, "feed cannot be null");
		this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public TierCatalog catalog() {
		return this.catalog;
	}

	@Override
	@Transactional(readOnly = true)
	public EntitlementSnapshot current(AccountId userId) {
		Instant now = this.clock.instant();
		EntitlementAccountEntity account = this.accounts.findById(userId.value()).orElse(null);
		List<PayPerViewGrant> passes = this.grants.findByUserIdOrderByIdDesc(userId.value())
			.stream()
			.map(PayPerViewGrantEntity::toDomain)
			.filter((grant) -> grant.isCurrent(now))
			.toList();
		Tier lowest = this.catalog.tiers().get(0);
		if (account == null) {
			return new EntitlementSnapshot(userId, lowest, TierSource.DEFAULT, passes, 0, 0);
		}
		if (account.compTier != null && (account.compUntil == null || now.isBefore(account.compUntil))) {
			Optional<Tier> comp = this.catalog.find(account.compTier);
			if (comp.isPresent()) {
				return new EntitlementSnapshot(userId, comp.get(), TierSource.COMP, passes, account.ver,
						account.minVer);
			}
			logger.warn("Comp tier " + account.compTier + " of " + userId + " is no longer in the catalog");
		}
		return new EntitlementSnapshot(userId, lowest, TierSource.DEFAULT, passes, account.ver, account.minVer);
	}

	@Override
	@Transactional
	public EntitlementSnapshot compTier(AccountId userId, String tierCode, @Nullable Instant until, Change change) {
		Tier tier = this.catalog.find(tierCode).orElseThrow(() -> new UnknownTier(tierCode));
		if (until != null && !until.isAfter(this.clock.instant())) {
			throw new InvalidEntitlementRequest("until must be in the future");
		}
		EntitlementAccountEntity account = lockAccount(userId);
		Tier before = current(userId).tier();
		String beforeState = account.describe();
		account.compTier = tier.code();
		account.compUntil = until;
		account.compReason = change.reason();
		boolean reduced = tier.rank() < before.rank();
		commit(account, "comp-tier", change, beforeState, account.describe(), reduced);
		return current(userId);
	}

	@Override
	@Transactional
	public EntitlementSnapshot endComp(AccountId userId, Change change) {
		EntitlementAccountEntity account = lockAccount(userId);
		if (account.compTier == null) {
			throw new UnknownGrant("No comp tier to end for this person");
		}
		String beforeState = account.describe();
		account.compTier = null;
		account.compUntil = null;
		account.compReason = null;
		commit(account, "end-comp", change, beforeState, account.describe(), true);
		return current(userId);
	}

	@Override
	@Transactional
	public PayPerViewGrant grantPayPerView(AccountId userId, String eventId, String source, Change change) {
		PayPerViewEvent event = this.events.findById(eventId)
			.map(PayPerViewEventEntity::toDomain)
			.orElseThrow(() -> new UnknownPayPerViewEvent(eventId));
		EntitlementAccountEntity account = lockAccount(userId);
		Instant now = this.clock.instant();
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
		commit(account, "grant-ppv", change, beforeState, grant.describe(), false);
		return grant.toDomain();
	}

	@Override
	@Transactional
	public PayPerViewGrant revokePayPerView(AccountId userId, long grantId, Change change) {
		EntitlementAccountEntity account = lockAccount(userId);
		PayPerViewGrantEntity grant = this.grants.findById(grantId)
			.filter((found) -> found.userId.equals(userId.value()))
			.orElseThrow(() -> new UnknownGrant("This person has no pay-per-view grant " + grantId));
		String beforeState = grant.describe();
		grant.state = PayPerViewGrant.State.REVOKED.name();
		grant.revokedReason = change.reason();
		grant.updatedAt = this.clock.instant();
		commit(account, "revoke-ppv", change, beforeState, grant.describe(), true);
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
	public PayPerViewEvent defineEvent(PayPerViewEvent event, Change change) {
		Instant now = this.clock.instant();
		PayPerViewEventEntity entity = this.events.findById(event.id()).orElseGet(PayPerViewEventEntity::new);
		String beforeState = (entity.id.isEmpty()) ? null : entity.toDomain().toString();
		entity.from(event, now);
		this.events.save(entity);
		record(null, 0, "define-ppv-event", change, beforeState, event.toString(), now);
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

	private EntitlementAccountEntity lockAccount(AccountId userId) {
		return this.accounts.findForUpdate(userId.value()).orElseGet(() -> {
			EntitlementAccountEntity created = new EntitlementAccountEntity();
			created.userId = userId.value();
			created.updatedAt = this.clock.instant();
			try {
				return this.accounts.saveAndFlush(created);
			}
			catch (DataIntegrityViolationException ex) {
				return this.accounts.findForUpdate(userId.value()).orElseThrow();
			}
		});
	}

	private void commit(EntitlementAccountEntity account, String action, Change change, @Nullable String before,
			String after, boolean rightsReduced) {
		Instant now = this.clock.instant();
		account.ver = account.ver + 1;
		if (rightsReduced) {
			account.minVer = account.ver;
		}
		account.updatedAt = now;
		this.accounts.save(account);
		AccountId userId = new AccountId(account.userId);
		record(userId, account.ver, action, change, before, after, now);
		if (rightsReduced) {
			this.feed.append(userId, account.ver, List.of(), List.of(), action);
		}
		this.publisher.publishEvent(new EntitlementsChanged(userId, account.ver, action, rightsReduced));
		if (logger.isInfoEnabled()) {
			logger.info("Entitlements of " + userId + " changed (" + action + ") by " + change.actor() + ": ver "
					+ account.ver);
		}
	}

	private void record(@Nullable AccountId userId, long ver, String action, Change change, @Nullable String before,
			@Nullable String after, Instant now) {
		EntitlementChangeEntity entry = new EntitlementChangeEntity();
		entry.userId = (userId != null) ? userId.value() : null;
		entry.ver = ver;
		entry.actor = change.actor();
		entry.action = action;
		entry.reason = change.reason();
		entry.before = truncate(before);
		entry.after = truncate(after);
		entry.changedAt = now;
		this.changes.save(entry);
	}

	private static @Nullable String truncate(@Nullable String value) {
		return (value == null || value.length() <= 2000) ? value : value.substring(0, 2000);
	}

}
