package io.turnstile.auth.device;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The device authorization response (RFC 8628 §3.2): {@code verification_uri} is the {@code /activate}
 * page, {@code verification_uri_complete} carries the user code (for a QR code), and {@code interval}
 * says how often the device may poll (the framework omits it).
 */
public final class DeviceAuthorizationResponseHandler implements AuthenticationSuccessHandler {

	private final OAuth2DeviceAuthorizationResponseHttpMessageConverter converter = new OAuth2DeviceAuthorizationResponseHttpMessageConverter();

	private final DeviceCodePolls polls;

	public DeviceAuthorizationResponseHandler(DeviceCodePolls polls) {
		Assert.notNull(polls, "polls cannot be null");
		this.polls = polls;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2DeviceAuthorizationRequestAuthenticationToken result = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		OAuth2DeviceCode deviceCode = result.getDeviceCode();
		OAuth2UserCode userCode = result.getUserCode();
		Assert.notNull(deviceCode, "deviceCode cannot be null");
		Assert.notNull(userCode, "userCode cannot be null");
		String verificationUri = AuthorizationServerContextHolder.getContext().getIssuer() + ActivateController.PATH;
		String complete = UriComponentsBuilder.fromUriString(verificationUri)
			.queryParam(OAuth2ParameterNames.USER_CODE, userCode.getTokenValue())
			.build()
			.toUriString();
		OAuth2DeviceAuthorizationResponse body = OAuth2DeviceAuthorizationResponse.with(deviceCode, userCode)
			.verificationUri(verificationUri)
			.verificationUriComplete(complete)
			.interval(this.polls.intervalSeconds())
			.build();
		this.converter.write(body, null, new ServletServerHttpResponse(response));
	}

}
