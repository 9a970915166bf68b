package io.turnstile.auth.token;

/**
 * Published after a refresh token that was already rotated away was presented again and its whole family
 * was revoked.
 *
 * @param authorizationId the revoked family (authorization; for a person's device, the device id)
 * @param clientId the client that presented the token
 * @param principalName whose tokens they were
 */
public record RefreshTokenReuseDetected(String authorizationId, String clientId, String principalName) {
}
