/**
 * Placeholder for this module's API; filled by later work (see docs/architecture.md).
 */
@NullMarked
package io.turnstile.billing;

import org.jspecify.annotations.NullMarked;
