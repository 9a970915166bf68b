package io.turnstile.auth.token;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Reads the client of a public client's refresh request ({@code grant_type=refresh_token}) or revocation
 * request: a {@code client_id} and no credentials. The framework recognises a public client only on the
 * authorization-code exchange (by its {@code code_verifier}).
 */
public final class PublicClientRefreshTokenAuthenticationConverter implements AuthenticationConverter {

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
			return null;
		}
		boolean refresh = AuthorizationGrantType.REFRESH_TOKEN.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
		if (!refresh && !isRevocation(request)) {
			return null;
		}
		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds == null) {
			return null;
		}
		if (clientIds.length != 1 || !StringUtils.hasText(clientIds[0])) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
		Map<String, Object> additionalParameters = new HashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
				additionalParameters.put(name, (values.length == 1) ? values[0] : List.of(values));
			}
		});
		additionalParameters.put(PublicClientRefreshTokenAuthenticationProvider.PURPOSE,
				refresh ? AuthorizationGrantType.REFRESH_TOKEN.getValue() : "revocation");
		return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
				additionalParameters);
	}

	private static boolean isRevocation(HttpServletRequest request) {
		String endpoint = AuthorizationServerContextHolder.getContext()
			.getAuthorizationServerSettings()
			.getTokenRevocationEndpoint();
		return request.getRequestURI().endsWith(endpoint);
	}

}
