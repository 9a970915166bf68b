/**
 * Billing over HTTP: checkout for signed-in people, the finance ledger and reconciliation, and the
 * operators' price map, parked events and their replay (the webhook itself is the billing adapter's).
 */
@NullMarked
package io.turnstile.auth.billing;

import org.jspecify.annotations.NullMarked;
