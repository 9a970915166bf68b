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
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Reads the client of a public client's request that carries only a {@code client_id}: the refresh and
 * device-code grants at the token endpoint, device authorization requests, and revocation. The framework
 * recognises a public client only on the authorization-code exchange (by its {@code code_verifier}).
 */
public final class PublicClientRequestAuthenticationConverter implements AuthenticationConverter {

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
			return null;
		}
		String purpose = purpose(request);
		if (purpose == null) {
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
		additionalParameters.put(PublicClientRequestAuthenticationProvider.PURPOSE, purpose);
		return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
				additionalParameters);
	}

	private static @Nullable String purpose(HttpServletRequest request) {
		AuthorizationServerSettings settings = AuthorizationServerContextHolder.getContext()
			.getAuthorizationServerSettings();
		String uri = request.getRequestURI();
		if (uri.endsWith(settings.getTokenEndpoint())) {
			String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
			if (AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType)
					|| AuthorizationGrantType.DEVICE_CODE.getValue().equals(grantType)) {
				return grantType;
			}
			return null;
		}
		if (uri.endsWith(settings.getDeviceAuthorizationEndpoint())) {
			return AuthorizationGrantType.DEVICE_CODE.getValue();
		}
		if (uri.endsWith(settings.getTokenRevocationEndpoint())) {
			return PublicClientRequestAuthenticationProvider.REVOCATION;
		}
		return null;
	}

}
