package io.turnstile.entitlements.management;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.InvalidEntitlementRequest;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.PayPerViewGrant.State;
import io.turnstile.entitlements.PayPerViewPurchase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Paid pay-per-view passes: one purchase per payment, the pass it bought, and the payment's standing
 * (disputed, refunded). A pass is active while any purchase of it is, suspended while its purchases are
 * disputed, revoked when all of them were revoked. Runs inside {@link EntitlementsManagement}'s transactions.
 */
class PayPerViewPurchases {

	private static final Log logger = LogFactory.getLog(PayPerViewPurchases.class);

	static final String SOURCE = "billing";

	private final PayPerViewPurchaseEntityRepository purchases;

	private final PayPerViewGrantEntityRepository grants;

	private final PayPerViewEventEntityRepository events;

	private final AccountChanges changes;

	PayPerViewPurchases(PayPerViewPurchaseEntityRepository purchases, PayPerViewGrantEntityRepository grants,
			PayPerViewEventEntityRepository events, AccountChanges changes) {
		this.purchases = Objects.requireNonNull(purchases, "purchases cannot be null");
		this.grants = Objects.requireNonNull(grants, "grants cannot be null");
		this.events = Objects.requireNonNull(events, "events cannot be null");
		this.changes = Objects.requireNonNull(changes, "changes cannot be null");
	}

	PayPerViewPurchase purchase(AccountId userId, String paymentId, String eventId, @Nullable Instant notBefore,
			@Nullable Instant expiresAt, Change change) {
		if (paymentId.isBlank() || paymentId.length() > 255) {
			throw new InvalidEntitlementRequest("A payment id is 1-255 characters");
		}
		EntitlementAccountEntity account = this.changes.lock(userId);
		PayPerViewPurchaseEntity existing = this.purchases.findById(paymentId).orElse(null);
		if (existing != null) {
			return toDomain(existing);
		}
		PayPerViewEvent event = catalogEvent(eventId, notBefore, expiresAt, change);
		Instant now = this.changes.now();
		PayPerViewGrantEntity grant = this.grants.findByUserIdAndEventId(userId.value(), eventId).orElse(null);
		String before = (grant != null) ? grant.describe() : "no pass for " + eventId;
		if (grant == null) {
			grant = new PayPerViewGrantEntity();
			grant.userId = userId.value();
			grant.eventId = eventId;
			grant.source = SOURCE;
			grant.createdAt = now;
		}
		grant.notBefore = event.notBefore();
		grant.expiresAt = event.expiresAt();
		grant.reason = change.reason();
		grant.updatedAt = now;
		grant.state = State.ACTIVE.name();
		grant = this.grants.saveAndFlush(grant);
		PayPerViewPurchaseEntity purchase = new PayPerViewPurchaseEntity();
		purchase.paymentId = paymentId;
		purchase.userId = userId.value();
		purchase.eventId = eventId;
		purchase.grantId = (grant.id != null) ? grant.id : 0;
		purchase.state = State.ACTIVE.name();
		purchase.reference = change.reason();
		purchase.createdAt = now;
		purchase.updatedAt = now;
		this.purchases.saveAndFlush(purchase);
		settle(grant, change.reason());
		this.changes.commit(account, "purchase-ppv", change, before, grant.describe() + " paid by " + paymentId, false);
		return purchase.toDomain(grant.toDomain().state());
	}

	Optional<PayPerViewPurchase> find(String paymentId) {
		return this.purchases.findById(paymentId).map(this::toDomain);
	}

	List<PayPerViewPurchase> recorded(Instant from, Instant to) {
		return this.purchases.findByCreatedAtGreaterThanEqualAndCreatedAtLessThanOrderByCreatedAtAsc(from, to)
			.stream()
			.map(this::toDomain)
			.toList();
	}

	Optional<PayPerViewPurchase> suspend(String paymentId, Change change) {
		return transition(paymentId, State.SUSPENDED, "suspend-ppv", change);
	}

	Optional<PayPerViewPurchase> restore(String paymentId, Change change) {
		return transition(paymentId, State.ACTIVE, "restore-ppv", change);
	}

	Optional<PayPerViewPurchase> revoke(String paymentId, Change change) {
		return transition(paymentId, State.REVOKED, "revoke-ppv", change);
	}

	/** An operator revoked the pass itself: every purchase of it is revoked too, so nothing restores it. */
	void revokedByOperator(PayPerViewGrantEntity grant) {
		for (PayPerViewPurchaseEntity purchase : this.purchases.findByGrantId(grantId(grant))) {
			purchase.state = State.REVOKED.name();
			purchase.updatedAt = this.changes.now();
		}
	}

	private Optional<PayPerViewPurchase> transition(String paymentId, State target, String action, Change change) {
		PayPerViewPurchaseEntity purchase = this.purchases.findForUpdate(paymentId).orElse(null);
		if (purchase == null) {
			return Optional.empty();
		}
		EntitlementAccountEntity account = this.changes.lock(new AccountId(purchase.userId));
		State from = purchase.state();
		boolean allowed = from != State.REVOKED && from != target
				&& (target != State.ACTIVE || from == State.SUSPENDED);
		if (!allowed) {
			return Optional.of(toDomain(purchase));
		}
		PayPerViewGrantEntity grant = this.grants.findById(purchase.grantId).orElseThrow();
		String before = grant.describe();
		purchase.state = target.name();
		purchase.updatedAt = this.changes.now();
		this.purchases.save(purchase);
		settle(grant, change.reason());
		this.changes.commit(account, action, change, before,
				grant.describe() + " (payment " + paymentId + " " + target.name().toLowerCase() + ")",
				target != State.ACTIVE);
		return Optional.of(purchase.toDomain(grant.toDomain().state()));
	}

	/** The pass's state from its purchases: active if any is, else suspended if any is, else revoked. */
	private void settle(PayPerViewGrantEntity grant, String reason) {
		List<State> states = this.purchases.findByGrantId(grantId(grant))
			.stream()
			.map(PayPerViewPurchaseEntity::state)
			.toList();
		State settled = states.contains(State.ACTIVE) ? State.ACTIVE
				: states.contains(State.SUSPENDED) ? State.SUSPENDED : State.REVOKED;
		grant.state = settled.name();
		grant.revokedReason = (settled == State.ACTIVE) ? null : reason;
		grant.updatedAt = this.changes.now();
		this.grants.save(grant);
	}

	private PayPerViewEvent catalogEvent(String eventId, @Nullable Instant notBefore, @Nullable Instant expiresAt,
			Change change) {
		PayPerViewEvent known = this.events.findById(eventId).map(PayPerViewEventEntity::toDomain).orElse(null);
		if (known != null) {
			if (notBefore != null && expiresAt != null
					&& (!notBefore.equals(known.notBefore()) || !expiresAt.equals(known.expiresAt()))) {
				logger.warn("Purchase window for pay-per-view event " + eventId + " [" + notBefore + ", " + expiresAt
						+ ") differs from the catalog's [" + known.notBefore() + ", " + known.expiresAt()
						+ "); the catalog's is used");
			}
			return known;
		}
		if (notBefore == null || expiresAt == null) {
			throw new InvalidEntitlementRequest(
					"Pay-per-view event '" + eventId + "' is not in the catalog and the purchase gives no window");
		}
		PayPerViewEvent event = new PayPerViewEvent(eventId, eventId, notBefore, expiresAt, Duration.ZERO,
				Duration.ZERO);
		PayPerViewEventEntity entity = new PayPerViewEventEntity();
		entity.from(event, this.changes.now());
		this.events.save(entity);
		this.changes.record(null, 0, "define-ppv-event", change, null, event.toString());
		logger.info("Pay-per-view event " + eventId + " added to the catalog with the window of a purchase");
		return event;
	}

	private PayPerViewPurchase toDomain(PayPerViewPurchaseEntity purchase) {
		State pass = this.grants.findById(purchase.grantId)
			.map(PayPerViewGrantEntity::toDomain)
			.map(PayPerViewGrant::state)
			.orElse(State.REVOKED);
		return purchase.toDomain(pass);
	}

	private static long grantId(PayPerViewGrantEntity grant) {
		return (grant.id != null) ? grant.id : 0;
	}

}
