/** The entitlement HTTP APIs: tiers, a person's entitlements, decisions, and the operators' grants and events. */
@NullMarked
package io.turnstile.auth.entitlement;

import org.jspecify.annotations.NullMarked;
