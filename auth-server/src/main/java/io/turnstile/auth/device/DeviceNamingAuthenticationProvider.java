package io.turnstile.auth.device;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.util.Assert;

/**
 * Wraps the framework's device authorization provider: issues user codes a person can type on a TV
 * remote, and keeps the {@code device_name} the TV sent, to show on {@code /activate} and in the device
 * list.
 */
public final class DeviceNamingAuthenticationProvider implements AuthenticationProvider {

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private final OAuth2DeviceAuthorizationRequestAuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	public DeviceNamingAuthenticationProvider(OAuth2DeviceAuthorizationRequestAuthenticationProvider delegate,
			OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<OAuth2UserCode> userCodes) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.delegate = delegate;
		this.authorizations = authorizations;
		delegate.setUserCodeGenerator(userCodes);
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2DeviceAuthorizationRequestAuthenticationToken result = (OAuth2DeviceAuthorizationRequestAuthenticationToken) this.delegate
			.authenticate(authentication);
		Object name = ((OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication).getAdditionalParameters()
			.get("device_name");
		OAuth2DeviceCode deviceCode = (result != null) ? result.getDeviceCode() : null;
		if (name instanceof String deviceName && !deviceName.isBlank() && deviceCode != null) {
			OAuth2Authorization authorization = this.authorizations.findByToken(deviceCode.getTokenValue(),
					DEVICE_CODE);
			if (authorization != null) {
				String printable = deviceName.replaceAll("\\p{Cntrl}", "").trim();
				this.authorizations.save(OAuth2Authorization.from(authorization)
					.attribute(DeviceRegistrationAuthenticationProvider.DEVICE_NAME,
							(printable.length() > 100) ? printable.substring(0, 100) : printable)
					.build());
			}
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
