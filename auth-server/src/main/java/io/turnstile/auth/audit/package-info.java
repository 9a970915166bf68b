/**
 * The audit log: sign-ins, token issue, refresh and revocation, device sign-outs, entitlement changes
 * and admin actions, recorded without any token, secret or password, and {@code GET /admin/audit}.
 */
@NullMarked
package io.turnstile.auth.audit;

import org.jspecify.annotations.NullMarked;
