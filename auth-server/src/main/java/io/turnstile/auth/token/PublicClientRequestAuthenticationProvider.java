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
 * Authenticates a public client (authentication method {@code none}) on requests that carry no
 * {@code code_verifier}: refresh (safe because the refresh token rotates and a reused one revokes its
 * family), the device grant (safe because the person approves the code on another device), and
 * revocation of its own tokens. The client must be registered for the grant it uses. Wraps the
 * framework's public-client provider, which handles the authorization-code exchange.
 */
public final class PublicClientRequestAuthenticationProvider implements AuthenticationProvider {

	/** Additional parameter set by the converter: the grant (or {@link #REVOCATION}) this request is for. */
	static final String PURPOSE = "turnstile.public_client_purpose";

	static final String REVOCATION = "revocation";

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1";

	private final AuthenticationProvider delegate;

	private final RegisteredClientRepository registeredClients;

	public PublicClientRequestAuthenticationProvider(AuthenticationProvider delegate,
			RegisteredClientRepository registeredClients) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(registeredClients, "registeredClients cannot be null");
		this.delegate = delegate;
		this.registeredClients = registeredClients;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
		Object purpose = client.getAdditionalParameters().get(PURPOSE);
		if (!ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod()) || purpose == null) {
			return this.delegate.authenticate(authentication);
		}
		RegisteredClient registeredClient = this.registeredClients.findByClientId(client.getPrincipal().toString());
		if (registeredClient == null
				|| !registeredClient.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", ERROR_URI));
		}
		if (!REVOCATION.equals(purpose)
				&& !registeredClient.getAuthorizationGrantTypes().contains(new AuthorizationGrantType(purpose.toString()))) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
		}
		return new OAuth2ClientAuthenticationToken(registeredClient, ClientAuthenticationMethod.NONE, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
