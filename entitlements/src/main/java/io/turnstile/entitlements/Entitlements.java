package io.turnstile.entitlements;

import java.time.Instant;
import java.util.List;
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

	/** The recorded changes of one person, newest first. */
	List<EntitlementChange> history(AccountId userId);

}
