package io.turnstile.auth.device;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import io.turnstile.auth.dpop.DPoPNonces;
import io.turnstile.auth.dpop.DPoPTokenRequestAuthenticationProvider;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Token endpoint errors: RFC 6749 §5.2 JSON as the framework writes it, plus {@code device_limit} when
 * the grant failed on the tier's device limit (PRODUCT.md, Cross-device session continuity), and a fresh
 * {@code DPoP-Nonce} header with {@code use_dpop_nonce} (RFC 9449 §8).
 */
public final class TokenErrorResponseHandler implements AuthenticationFailureHandler {

	private final OAuth2ErrorAuthenticationFailureHandler standard = new OAuth2ErrorAuthenticationFailureHandler();

	private final JsonMapper json = JsonMapper.builder().build();

	private final DPoPNonces nonces;

	public TokenErrorResponseHandler(DPoPNonces nonces) {
		this.nonces = nonces;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, jakarta.servlet.ServletException {
		if (exception instanceof OAuth2AuthenticationException oauth2
				&& DPoPTokenRequestAuthenticationProvider.USE_DPOP_NONCE.equals(oauth2.getError().getErrorCode())) {
			response.setHeader("DPoP-Nonce", this.nonces.current());
		}
		if (!(exception instanceof DeviceLimitExceededException limit)) {
			this.standard.onAuthenticationFailure(request, response, exception);
			return;
		}
		OAuth2Error error = limit.getError();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error.getErrorCode());
		body.put("error_description", error.getDescription());
		body.put("device_limit", limit.limit());
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("Cache-Control", "no-store");
		this.json.writeValue(response.getOutputStream(), body);
	}

}
