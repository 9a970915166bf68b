package io.turnstile.billing;

import io.turnstile.entitlements.AccountId;

/**
 * The one question billing asks the application: does this person exist? Billing never creates people
 * from webhook data; an event for someone unknown is parked until they sign up or are imported.
 */
@FunctionalInterface
public interface KnownPeople {

	boolean exists(AccountId id);

}
