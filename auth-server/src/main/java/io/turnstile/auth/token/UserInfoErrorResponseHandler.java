package io.turnstile.auth.token;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Errors of {@code /userinfo} as RFC 6750 §3 has them: {@code 401 invalid_token} or
 * {@code 403 insufficient_scope}, each with its {@code WWW-Authenticate: Bearer} challenge (the framework
 * sends the status without the header).
 */
public final class UserInfoErrorResponseHandler implements AuthenticationFailureHandler {

	private final OAuth2ErrorHttpMessageConverter errorConverter = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN);
		HttpStatus status = switch (error.getErrorCode()) {
			case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> HttpStatus.FORBIDDEN;
			case OAuth2ErrorCodes.INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
			default -> HttpStatus.UNAUTHORIZED;
		};
		String code = (status == HttpStatus.UNAUTHORIZED) ? OAuth2ErrorCodes.INVALID_TOKEN : error.getErrorCode();
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(status);
		httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + code + "\"");
		this.errorConverter.write(new OAuth2Error(code), null, httpResponse);
	}

}
