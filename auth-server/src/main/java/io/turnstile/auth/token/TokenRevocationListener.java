package io.turnstile.auth.token;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * Told, inside the transaction that stores it, when a person's tokens were revoked: an access token, or a
 * whole refresh-token family (the device).
 */
@FunctionalInterface
public interface TokenRevocationListener {

	/**
	 * @param authorization the authorization as now stored
	 * @param accessTokenId the {@code jti} of the access token just invalidated, or {@code null}
	 * @param familyRevoked whether its refresh token was just invalidated (the device is signed out)
	 */
	void revoked(OAuth2Authorization authorization, @Nullable String accessTokenId, boolean familyRevoked);

}
