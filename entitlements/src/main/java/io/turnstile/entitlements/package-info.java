/**
 * Entitlements API: what each person may watch (tier and its source, pay-per-view grants, version), the
 * pay-per-view catalog, concurrent-stream leases, and the events published when any of it changes.
 * Subpackages are internal.
 */
@NullMarked
package io.turnstile.entitlements;

import org.jspecify.annotations.NullMarked;
