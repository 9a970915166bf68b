package io.turnstile.entitlements;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.turnstile.policy.TierCatalog;
import org.jspecify.annotations.Nullable;

/**
 * What people may watch, and every change to it. Each change grows the person's {@code ver}, is
 * recorded with who made it and why, and publishes {@link EntitlementsChanged}.
 */
public interface Entitlements {

	/** The tier catalog (lowest tier first). */
	TierCatalog catalog();

	/** A person's entitlements now: the lowest tier and version 0 if nothing was ever granted. */
	EntitlementSnapshot current(AccountId userId);

	/**
	 * {@code current(userId).minimumVer()} in one indexed read: the version of the last change that took a
	 * right away (0 when none), which every playback decision asks for.
	 */
	long minimumVersion(AccountId userId);

	/**
	 * Gives a person a tier regardless of billing, until {@code until} (or until ended).
	 * @throws UnknownTier if the catalog has no such tier
	 */
	EntitlementSnapshot compTier(AccountId userId, String tierCode, @Nullable Instant until, Change change);

	/** Ends a comp tier; the person falls back to billing or the default tier. */
	EntitlementSnapshot endComp(AccountId userId, Change change);

	/**
	 * Grants a pay-per-view pass for a catalog event, with the event's window.
	 * @throws UnknownPayPerViewEvent if the catalog has no such event
	 */
	PayPerViewGrant grantPayPerView(AccountId userId, String eventId, String source, Change change);

	/**
	 * Revokes a pay-per-view grant for good.
	 * @throws UnknownGrant if the person has no such grant
	 */
	PayPerViewGrant revokePayPerView(AccountId userId, long grantId, Change change);

	/** A person's pay-per-view grants in every state, newest first. */
	List<PayPerViewGrant> payPerViewGrants(AccountId userId);

	/** Creates or updates a pay-per-view event; existing passes keep their window. */
	PayPerViewEvent defineEvent(PayPerViewEvent event, Change change);

	Optional<PayPerViewEvent> event(String eventId);

	List<PayPerViewEvent> events();

	/**
	 * Records the person's billing subscription. The effective tier is an active comp tier, else the
	 * subscription's tier while it grants access, else the lowest tier. Recording the state already
	 * recorded changes nothing (no new version).
	 * @throws UnknownTier if the subscription grants a tier the catalog does not have
	 */
	EntitlementSnapshot recordSubscription(AccountId userId, BillingSubscription subscription, Change change);

	/** Every person whose recorded billing subscription grants access now. */
	Map<AccountId, BillingSubscription> subscriptionsGrantingAccess();

	/**
	 * Grants the pass a paid purchase buys, exactly once per payment: a payment already recorded changes
	 * nothing, whatever its state (a refunded payment stays revoked). The window is the catalog's when it
	 * knows the event; otherwise {@code notBefore}/{@code expiresAt}, and the event is added to the catalog
	 * with that window.
	 * @throws InvalidEntitlementRequest if the event is unknown and no valid window is given
	 */
	PayPerViewPurchase purchasePayPerView(AccountId userId, String paymentId, String eventId,
			@Nullable Instant notBefore, @Nullable Instant expiresAt, Change change);

	/** The purchase recorded for a payment, if any. */
	Optional<PayPerViewPurchase> purchase(String paymentId);

	/** Purchases recorded in {@code [from, to)}, oldest first. */
	List<PayPerViewPurchase> purchases(Instant from, Instant to);

	/** Suspends the pass a payment bought while the payment is disputed; nothing if it was revoked. */
	Optional<PayPerViewPurchase> suspendPurchase(String paymentId, Change change);

	/** Restores a suspended purchase (dispute won); a revoked purchase stays revoked. */
	Optional<PayPerViewPurchase> restorePurchase(String paymentId, Change change);

	/** Revokes the pass a payment bought, for good (refund, dispute lost). */
	Optional<PayPerViewPurchase> revokePurchase(String paymentId, Change change);

	/** The recorded changes of one person, newest first. */
	List<EntitlementChange> history(AccountId userId);

	/** The most recent recorded changes of everyone, catalog changes included, newest first (at most 200). */
	List<EntitlementChange> recentChanges();

}
