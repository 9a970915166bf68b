/**
 * The plain-Java policy library content services embed: verify an access token offline against the
 * issuer's JWKS ({@link io.turnstile.policy.TokenVerifier}), read the tier catalog
 * ({@link io.turnstile.policy.TierCatalog}) and decide whether a token may play a title on a device now
 * ({@link io.turnstile.policy.AccessPolicy}). Depends on Nimbus JOSE+JWT and the JDK only.
 */
@NullMarked
package io.turnstile.policy;

import org.jspecify.annotations.NullMarked;
