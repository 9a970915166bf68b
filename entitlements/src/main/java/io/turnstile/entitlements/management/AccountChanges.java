package io.turnstile.entitlements.management;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.ChangeFeed;
import io.turnstile.entitlements.EntitlementsChanged;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * How every change to a person's entitlements is made: lock the person's row, grow {@code ver} (and
 * {@code min_ver} when a right is taken away), record who, why, before and after, append to the
 * {@link ChangeFeed} when a right is taken away, and publish {@link EntitlementsChanged}. Called inside the
 * caller's transaction.
 */
class AccountChanges {

	private static final Log logger = LogFactory.getLog(AccountChanges.class);

	private final EntitlementAccountEntityRepository accounts;

	private final EntitlementChangeEntityRepository changes;

	private final ChangeFeed feed;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	AccountChanges(EntitlementAccountEntityRepository accounts, EntitlementChangeEntityRepository changes,
			ChangeFeed feed, ApplicationEventPublisher publisher, Clock clock) {
		this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
		this.changes = Objects.requireNonNull(changes, "changes cannot be null");
		this.feed = Objects.requireNonNull(feed, "feed cannot be null");
		this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	Instant now() {
		return this.clock.instant();
	}

	/** The person's row, locked until the transaction ends; created when the person has none yet. */
	EntitlementAccountEntity lock(AccountId userId) {
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

	void commit(EntitlementAccountEntity account, String action, Change change, @Nullable String before,
			String after, boolean rightsReduced) {
		Instant now = this.clock.instant();
		account.ver = account.ver + 1;
		if (rightsReduced) {
			account.minVer = account.ver;
		}
		account.updatedAt = now;
		this.accounts.save(account);
		AccountId userId = new AccountId(account.userId);
		record(userId, account.ver, action, change, before, after);
		if (rightsReduced) {
			this.feed.append(userId, account.ver, List.of(), List.of(), action);
		}
		this.publisher.publishEvent(new EntitlementsChanged(userId, account.ver, action, rightsReduced));
		if (logger.isInfoEnabled()) {
			logger.info("Entitlements of " + userId + " changed (" + action + ") by " + change.actor() + ": ver "
					+ account.ver);
		}
	}

	void record(@Nullable AccountId userId, long ver, String action, Change change, @Nullable String before,
			@Nullable String after) {
		EntitlementChangeEntity entry = new EntitlementChangeEntity();
		entry.userId = (userId != null) ? userId.value() : null;
		entry.ver = ver;
		entry.actor = change.actor();
		entry.action = action;
		entry.reason = change.reason();
		entry.before = truncate(before);
		entry.after = truncate(after);
		entry.changedAt = this.clock.instant();
		this.changes.save(entry);
	}

	private static @Nullable String truncate(@Nullable String value) {
		return (value == null || value.length() <= 2000) ? value : value.substring(0, 2000);
	}

}
