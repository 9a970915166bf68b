/** Internal: the JPA state behind {@link io.turnstile.entitlements.StreamLeases}. */
@NullMarked
package io.turnstile.entitlements.stream;

import org.jspecify.annotations.NullMarked;
