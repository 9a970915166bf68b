/**
 * Billing API: Stripe events become entitlements ({@code POST /billing/stripe/webhook}, wired by
 * {@link io.turnstile.billing.BillingConfiguration}), the finance {@link io.turnstile.billing.Ledger} and
 * {@link io.turnstile.billing.Reconciliation}, {@link io.turnstile.billing.ParkedEvents}, the
 * {@link io.turnstile.billing.PriceTiers} map and {@link io.turnstile.billing.Checkout}. Billing asks the
 * application one question, {@link io.turnstile.billing.KnownPeople}. Subpackages are internal; Stripe's
 * types never leave them.
 */
@NullMarked
package io.turnstile.billing;

import org.jspecify.annotations.NullMarked;
