/**
 * Internal: the Stripe webhook (stripe-contract.md). Step (a) verifies and stores an event; step (b)
 * translates it into {@link io.turnstile.entitlements.Entitlements} calls and ledger facts, in a
 * transaction of its own that also records the event's state. Failed events are retried with backoff.
 */
@NullMarked
package io.turnstile.billing.webhook;

import org.jspecify.annotations.NullMarked;
