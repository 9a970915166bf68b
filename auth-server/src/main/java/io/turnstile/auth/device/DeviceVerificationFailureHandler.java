package io.turnstile.auth.device;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Where the browser goes when a TV code cannot be approved: a person who said no on the consent page sees
 * that the TV was not signed in ({@code /activate/denied}); a code that expired or was used meanwhile
 * sends them back to {@code /activate}, which says so and asks for a new one.
 */
public final class DeviceVerificationFailureHandler implements AuthenticationFailureHandler {

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		boolean denied = exception instanceof OAuth2AuthenticationException failure
				&& OAuth2ErrorCodes.ACCESS_DENIED.equals(failure.getError().getErrorCode());
		this.redirects.sendRedirect(request, response,
				denied ? ActivateController.PATH + "/denied" : ActivateController.PATH + "?error");
	}

}
