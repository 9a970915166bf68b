package io.turnstile.auth.token;

import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.turnstile.auth.web.SecurityHeaders;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.core.converter.ClaimConversionService;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2TokenIntrospectionHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Introspection of a live JWT access token of this server: its signature, type, issuer and audience checked
 * by the server's resource decoder, its lifetime and revocation state as the framework's provider checks them
 * ({@link JpaOAuth2AuthorizationService#isLiveAccessToken}, one indexed read), and the framework's active
 * response built from the token's claims, which are the claims the framework stores at issuance. Refresh
 * tokens, inactive, foreign or unreadable tokens go to the protocol chain.
 */
public final class DirectIntrospectionFilter extends DirectEndpointFilter {

	private static final List<String> PARAMETERS = List.of(OAuth2ParameterNames.TOKEN,
			OAuth2ParameterNames.TOKEN_TYPE_HINT, OAuth2ParameterNames.CLIENT_ID, OAuth2ParameterNames.CLIENT_SECRET);

	private static final TypeDescriptor OBJECT = TypeDescriptor.valueOf(Object.class);

	private static final TypeDescriptor LIST_OF_STRINGS = TypeDescriptor.collection(List.class,
			TypeDescriptor.valueOf(String.class));

	private final JwtDecoder accessTokens;

	private final JpaOAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository registeredClients;

	private final OAuth2TokenIntrospectionHttpMessageConverter responses = new OAuth2TokenIntrospectionHttpMessageConverter();

	public DirectIntrospectionFilter(AuthorizationServerSettings settings, RegisteredClientRepository registeredClients,
			JpaOAuth2AuthorizationService authorizations, JwtDecoder accessTokens) {
		super(settings, settings.getTokenIntrospectionEndpoint(), PARAMETERS, registeredClients, authorizations);
		this.accessTokens = accessTokens;
		this.authorizations = authorizations;
		this.registeredClients = registeredClients;
	}

	@Override
	boolean accepts(HttpServletRequest request) {
		String token = request.getParameter(OAuth2ParameterNames.TOKEN);
		String hint = request.getParameter(OAuth2ParameterNames.TOKEN_TYPE_HINT);
		return token != null && token.indexOf('.') > 0 && (hint == null || OAuth2ParameterNames.ACCESS_TOKEN.equals(hint));
	}

	@Override
	boolean serve(HttpServletRequest request, HttpServletResponse response, OAuth2ClientAuthenticationToken client)
			throws IOException {
		String token = request.getParameter(OAuth2ParameterNames.TOKEN);
		Jwt jwt;
		try {
			jwt = this.accessTokens.decode(token);
		}
		catch (JwtException ex) {
			return false;
		}
		// OAuth2Authorization.Token#isActive: no clock skew, unlike the decoder's own checks
		Instant now = Instant.now();
		if ((jwt.getExpiresAt() != null && now.isAfter(jwt.getExpiresAt()))
				|| (jwt.getNotBefore() != null && now.isBefore(jwt.getNotBefore()))
				|| !this.authorizations.isLiveAccessToken(token, jwt.getClaims())) {
			return false;
		}
		RegisteredClient authorizedClient = this.registeredClients.findByClientId(jwt.getClaimAsString("client_id"));
		if (authorizedClient == null) {
			return false;
		}
		// OAuth2TokenIntrospectionAuthenticationProvider#withActiveTokenClaims
		OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection.withClaims(converted(jwt.getClaims()))
			.active(true)
			.clientId(authorizedClient.getClientId())
			.tokenType(tokenType(jwt).getValue());
		if (jwt.getIssuedAt() != null) {
			claims.issuedAt(jwt.getIssuedAt());
		}
		if (jwt.getExpiresAt() != null) {
			claims.expiresAt(jwt.getExpiresAt());
		}
		SecurityHeaders.write(request, response);
		this.responses.write(claims.build(), null, new ServletServerHttpResponse(response));
		return true;
	}

	/** As {@code OAuth2AuthenticationProviderUtils#accessToken} types the token it issues. */
	private static OAuth2AccessToken.TokenType tokenType(Jwt jwt) {
		Map<String, Object> confirmation = jwt.getClaimAsMap("cnf");
		return (confirmation != null && confirmation.containsKey("jkt")) ? OAuth2AccessToken.TokenType.DPOP
				: OAuth2AccessToken.TokenType.BEARER;
	}

	/** {@code OAuth2TokenIntrospectionAuthenticationProvider#convertClaimsIfNecessary}. */
	private static Map<String, Object> converted(Map<String, Object> claims) {
		Map<String, Object> converted = new HashMap<>(claims);
		ClaimConversionService conversion = ClaimConversionService.getSharedInstance();
		Object issuer = claims.get(OAuth2TokenIntrospectionClaimNames.ISS);
		if (issuer != null && !(issuer instanceof URL)) {
			URL url = conversion.convert(issuer, URL.class);
			if (url != null) {
				converted.put(OAuth2TokenIntrospectionClaimNames.ISS, url);
			}
		}
		for (String name : List.of(OAuth2TokenIntrospectionClaimNames.SCOPE, OAuth2TokenIntrospectionClaimNames.AUD)) {
			Object value = claims.get(name);
			if (value != null && !(value instanceof List)) {
				Object list = conversion.convert(value, OBJECT, LIST_OF_STRINGS);
				if (list != null) {
					converted.put(name, list);
				}
			}
		}
		return converted;
	}

}
