package io.turnstile.auth.device;

import java.util.List;

import io.turnstile.auth.token.TokenRevocationListener;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.ChangeFeed;
import io.turnstile.entitlements.Devices;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.stereotype.Component;

/**
 * Every revocation of a person's tokens reaches the change feed in the transaction that stores it, so
 * content services stop honouring the tokens within seconds: a revoked access token by its {@code jti}, a
 * revoked refresh-token family (device signed out, refresh-token reuse, revocation of the refresh token)
 * also by its device id, and the device is marked signed out.
 */
@Component
class RevocationFeed implements TokenRevocationListener {

	private final ChangeFeed feed;

	private final Devices devices;

	RevocationFeed(ChangeFeed feed, Devices devices) {
		this.feed = feed;
		this.devices = devices;
	}

	@Override
	public void revoked(OAuth2Authorization authorization, @Nullable String accessTokenId, boolean familyRevoked) {
		String subject = authorization.getPrincipalName();
		AccountId person = AccountId.isValid(subject) ? new AccountId(subject) : null;
		List<String> tokens = (accessTokenId != null) ? List.of(accessTokenId) : List.of();
		if (familyRevoked) {
			this.devices.revoked(authorization.getId());
		}
		List<String> deviceIds = (familyRevoked && person != null && this.devices.find(authorization.getId()).isPresent())
				? List.of(authorization.getId()) : List.of();
		this.feed.append(person, null, deviceIds, tokens, familyRevoked ? "device-signed-out" : "token-revoked");
	}

}
