/** Internal: the JPA state behind {@link io.turnstile.entitlements.ChangeFeed}. */
@NullMarked
package io.turnstile.entitlements.feed;

import org.jspecify.annotations.NullMarked;
