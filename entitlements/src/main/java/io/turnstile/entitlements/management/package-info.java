/** Internal: the JPA state behind {@link io.turnstile.entitlements.Entitlements}. */
@NullMarked
package io.turnstile.entitlements.management;

import org.jspecify.annotations.NullMarked;
