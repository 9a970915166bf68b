/**
 * Placeholder for this module's API; filled by later work (see docs/architecture.md).
 */
@NullMarked
package io.turnstile.entitlements;

import org.jspecify.annotations.NullMarked;
