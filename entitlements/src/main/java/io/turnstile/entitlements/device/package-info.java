/** Internal: the JPA state behind {@link io.turnstile.entitlements.Devices}. */
@NullMarked
package io.turnstile.entitlements.device;

import org.jspecify.annotations.NullMarked;
