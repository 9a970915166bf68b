package io.turnstile.auth.token;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.turnstile.auth.audit.AuditLog;
import io.turnstile.auth.audit.AuditingAccessTokenResponseHandler;
import io.turnstile.auth.dpop.DPoPTokenRequestAuthenticationProvider;
import io.turnstile.auth.web.SecurityHeaders;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The client_credentials grant at the token endpoint, for a client that does not require DPoP: the
 * framework's converter and provider with the server's token generator, and the audited token response.
 */
public final class DirectClientCredentialsFilter extends DirectEndpointFilter {

	private static final String GRANT = AuthorizationGrantType.CLIENT_CREDENTIALS.getValue();

	private static final List<String> PARAMETERS = List.of(OAuth2ParameterNames.GRANT_TYPE, OAuth2ParameterNames.SCOPE,
			OAuth2ParameterNames.CLIENT_ID, OAuth2ParameterNames.CLIENT_SECRET);

	private final OAuth2ClientCredentialsAuthenticationConverter grantConverter = new OAuth2ClientCredentialsAuthenticationConverter();

	private final OAuth2ClientCredentialsAuthenticationProvider grant;

	private final AuthenticationSuccessHandler responses;

	public DirectClientCredentialsFilter(AuthorizationServerSettings settings, RegisteredClientRepository registeredClients,
			OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<?> tokens, AuditLog audit) {
		super(settings, settings.getTokenEndpoint(), PARAMETERS, registeredClients, authorizations);
		this.grant = new OAuth2ClientCredentialsAuthenticationProvider(authorizations, tokens);
		this.responses = new AuditingAccessTokenResponseHandler(new OAuth2AccessTokenResponseAuthenticationSuccessHandler(),
				audit);
	}

	@Override
	boolean accepts(HttpServletRequest request) {
		return GRANT.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
	}

	@Override
	boolean serve(HttpServletRequest request, HttpServletResponse response, OAuth2ClientAuthenticationToken client)
			throws IOException, ServletException {
		if (Boolean.TRUE.equals(client.getRegisteredClient()
			.getClientSettings()
			.getSetting(DPoPTokenRequestAuthenticationProvider.REQUIRE_DPOP))) {
			return false;
		}
		Authentication grantRequest = this.grantConverter.convert(request);
		if (grantRequest == null) {
			return false;
		}
		((AbstractAuthenticationToken) grantRequest).setDetails(details().buildDetails(request));
		Authentication token = this.grant.authenticate(grantRequest);
		SecurityHeaders.write(request, response);
		this.responses.onAuthenticationSuccess(request, response, token);
		return true;
	}

}
