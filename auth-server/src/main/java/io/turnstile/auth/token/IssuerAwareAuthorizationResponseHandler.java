package io.turnstile.auth.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.turnstile.auth.page.PageErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Authorization responses, successful and failed, carry {@code iss} (RFC 9207), so a client talking to
 * several servers can tell which one answered (mix-up defence, RFC 9700 §4.4). The framework sends
 * {@code code} and {@code state} only. An error without a validated redirect URI is never redirected:
 * it is a 400 page that says what went wrong (unknown app, unregistered redirect URI).
 */
public final class IssuerAwareAuthorizationResponseHandler
		implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		OAuth2AuthorizationCode code = result.getAuthorizationCode();
		Assert.notNull(code, "authorizationCode cannot be null");
		Assert.hasText(result.getRedirectUri(), "redirectUri cannot be empty");
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, code.getTokenValue());
		redirect(request, response, uri, result.getState());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationException failure = (OAuth2AuthorizationCodeRequestAuthenticationException) exception;
		OAuth2Error error = failure.getError();
		OAuth2AuthorizationCodeRequestAuthenticationToken attempted = failure.getAuthorizationCodeRequestAuthentication();
		if (attempted == null || !StringUtils.hasText(attempted.getRedirectUri())) {
			request.setAttribute(PageErrors.KIND, pageErrorKind(error));
			response.sendError(HttpStatus.BAD_REQUEST.value(), error.getErrorCode());
			return;
		}
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(attempted.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		if (StringUtils.hasText(error.getUri())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
		}
		redirect(request, response, uri, attempted.getState());
	}

	/**
	 * What the error page tells the person: the framework names the parameter it refused in the
	 * description ("OAuth 2.0 Parameter: client_id").
	 */
	private static String pageErrorKind(OAuth2Error error) {
		String description = (error.getDescription() != null) ? error.getDescription() : "";
		if (description.endsWith(OAuth2ParameterNames.CLIENT_ID)) {
			return PageErrors.UNKNOWN_CLIENT;
		}
		if (description.endsWith(OAuth2ParameterNames.REDIRECT_URI)) {
			return PageErrors.INVALID_REDIRECT;
		}
		return PageErrors.INVALID_REQUEST;
	}

	private void redirect(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder uri,
			String state) throws IOException {
		if (StringUtils.hasText(state)) {
			uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		uri.queryParam("iss", encode(AuthorizationServerContextHolder.getContext().getIssuer()));
		this.redirectStrategy.sendRedirect(request, response, uri.build(true).toUriString());
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
