/**
 * DPoP (RFC 9449): proofs used once across every node, server-issued nonces, binding of public clients'
 * refresh tokens, and the per-client requirement to use DPoP.
 */
@NullMarked
package io.turnstile.auth.dpop;

import org.jspecify.annotations.NullMarked;
