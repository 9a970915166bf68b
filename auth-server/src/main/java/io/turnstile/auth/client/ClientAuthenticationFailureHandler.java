package io.turnstile.auth.client;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a failed client authentication as RFC 6749 §5.2 requires: {@code invalid_client} is a
 * {@code 401} with a {@code WWW-Authenticate} challenge (the framework omits the header), and the
 * description never says why the credentials failed.
 */
public final class ClientAuthenticationFailureHandler implements AuthenticationFailureHandler {

	private static final String CHALLENGE = "Basic realm=\"turnstile\", charset=\"UTF-8\"";

	private final OAuth2ErrorHttpMessageConverter errorConverter = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2)
				? oauth2.getError() : new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
			httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
			httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
			error = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed",
					"https://datatracker.ietf.org/doc/html/rfc6749#section-5.2");
		}
		else {
			httpResponse.setStatusCode(HttpStatus.BAD_REQUEST);
		}
		this.errorConverter.write(error, null, httpResponse);
	}

}
