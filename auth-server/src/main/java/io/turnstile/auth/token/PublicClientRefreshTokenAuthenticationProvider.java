package io.turnstile.auth.token;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Authenticates a public client (authentication method {@code none}) on its refresh and revocation
 * requests, which carry no {@code code_verifier}. What protects a public client's refresh token is that
 * it is rotated on every use and a reused one revokes its family.
 */
public final class PublicClientRefreshTokenAuthenticationProvider implements AuthenticationProvider {

	/** Additional parameter set by the converter: which request this authentication is for. */
	static final String PURPOSE = "turnstile.public_client_purpose";

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1";

	private final RegisteredClientRepository registeredClients;

	public PublicClientRefreshTokenAuthenticationProvider(RegisteredClientRepository registeredClients) {
		Assert.notNull(registeredClients, "registeredClients cannot be null");
		this.registeredClients = registeredClients;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())
				|| !client.getAdditionalParameters().containsKey(PURPOSE)) {
			return null;
		}
		RegisteredClient registeredClient = this.registeredClients.findByClientId(client.getPrincipal().toString());
		if (registeredClient == null
				|| !registeredClient.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", ERROR_URI));
		}
		if (AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(client.getAdditionalParameters().get(PURPOSE))
				&& !registeredClient.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
		}
		return new OAuth2ClientAuthenticationToken(registeredClient, ClientAuthenticationMethod.NONE, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
