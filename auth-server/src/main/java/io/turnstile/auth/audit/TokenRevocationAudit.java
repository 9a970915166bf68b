package io.turnstile.auth.audit;

import io.turnstile.auth.token.RefreshTokenReuseDetected;
import io.turnstile.auth.token.TokenRevocationListener;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Records token revocations, in the transaction that stores them: {@code token.revoked} for an access
 * token ({@code jti} as detail), {@code token.family-revoked} for a refresh-token family (a device
 * signed out, refresh-token reuse, or the refresh token revoked), with whoever is authenticated for the
 * request as actor; and {@code token.refresh-reuse-detected} when a rotated-away refresh token came back.
 */
@Component
class TokenRevocationAudit implements TokenRevocationListener {

	static final String REVOKED = "token.revoked";

	static final String FAMILY_REVOKED = "token.family-revoked";

	static final String REUSE_DETECTED = "token.refresh-reuse-detected";

	private final AuditLog audit;

	private final RegisteredClientRepository clients;

	TokenRevocationAudit(AuditLog audit, RegisteredClientRepository clients) {
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		this.audit = audit;
		this.clients = clients;
	}

	@Override
	public void revoked(OAuth2Authorization authorization, @Nullable String accessTokenId, boolean familyRevoked) {
		StringBuilder detail = new StringBuilder();
		if (familyRevoked) {
			detail.append("authorization ").append(authorization.getId());
		}
		if (accessTokenId != null) {
			detail.append((detail.length() > 0) ? "; " : "").append("jti ").append(accessTokenId);
		}
		this.audit.record(AuditLog.entry(familyRevoked ? FAMILY_REVOKED : REVOKED)
			.subject(person(authorization))
			.client(clientId(authorization.getRegisteredClientId()))
			.detail(detail.toString()));
	}

	@EventListener
	void reuseDetected(RefreshTokenReuseDetected event) {
		this.audit.record(AuditLog.entry(REUSE_DETECTED)
			.failed()
			.actor(event.clientId())
			.client(event.clientId())
			.subject(event.principalName())
			.detail("authorization " + event.authorizationId() + " revoked"));
	}

	private static @Nullable String person(OAuth2Authorization authorization) {
		return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType()) ? null
				: authorization.getPrincipalName();
	}

	private @Nullable String clientId(String registeredClientId) {
		RegisteredClient client = this.clients.findById(registeredClientId);
		return (client != null) ? client.getClientId() : null;
	}

}
