package io.turnstile.auth.device;

import java.security.Principal;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.DeviceLimitReached;
import io.turnstile.entitlements.Devices;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Wraps the framework's authorization-code, device-code and refresh providers so that every device that
 * gets a person's tokens is in the registry: before tokens are issued for a new sign-in, the device (the
 * authorization, which is the refresh-token family; its id is the tokens' {@code did}) is registered
 * within the tier's device limit, and forgotten again if the grant then fails; a refresh notes the device
 * as seen.
 */
public final class DeviceRegistrationAuthenticationProvider implements AuthenticationProvider {

	/** Authorization attribute: the device name an app passed as {@code device_name}. */
	public static final String DEVICE_NAME = "turnstile.device_name";

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private final AuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	private final Devices devices;

	private final RegisteredClientRepository registeredClients;

	public DeviceRegistrationAuthenticationProvider(AuthenticationProvider delegate,
			OAuth2AuthorizationService authorizations, Devices devices, RegisteredClientRepository registeredClients) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(devices, "devices cannot be null");
		Assert.notNull(registeredClients, "registeredClients cannot be null");
		this.delegate = delegate;
		this.authorizations = authorizations;
		this.devices = devices;
		this.registeredClients = registeredClients;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		if (authentication instanceof OAuth2RefreshTokenAuthenticationToken refresh) {
			OAuth2Authorization family = this.authorizations.findByToken(refresh.getRefreshToken(),
					OAuth2TokenType.REFRESH_TOKEN);
			Authentication result = this.delegate.authenticate(authentication);
			if (family != null && result != null) {
				this.devices.seen(family.getId());
			}
			return result;
		}
		OAuth2Authorization authorization;
		String method;
		String deniedCode;
		if (authentication instanceof OAuth2AuthorizationCodeAuthenticationToken code) {
			authorization = this.authorizations.findByToken(code.getCode(), CODE);
			method = "authorization_code";
			deniedCode = OAuth2ErrorCodes.INVALID_GRANT;
			if (authorization != null) {
				OAuth2Authorization.Token<OAuth2AuthorizationCode> issued = authorization
					.getToken(OAuth2AuthorizationCode.class);
				if (issued == null || !issued.isActive()) {
					authorization = null;
				}
			}
		}
		else {
			OAuth2DeviceCodeAuthenticationToken deviceCode = (OAuth2DeviceCodeAuthenticationToken) authentication;
			authorization = this.authorizations.findByToken(deviceCode.getDeviceCode(), DEVICE_CODE);
			method = "device_code";
			deniedCode = OAuth2ErrorCodes.ACCESS_DENIED;
			if (authorization != null && authorization.getAttribute(Principal.class.getName()) == null) {
				authorization = null;
			}
		}
		if (authorization == null || !AccountId.isValid(authorization.getPrincipalName())) {
			return this.delegate.authenticate(authentication);
		}
		String deviceId = authorization.getId();
		boolean known = this.devices.find(deviceId).isPresent();
		RegisteredClient client = this.registeredClients.findById(authorization.getRegisteredClientId());
		String clientId = (client != null) ? client.getClientId() : authorization.getRegisteredClientId();
		String appName = (client != null) ? client.getClientName() : clientId;
		try {
			this.devices.register(new AccountId(authorization.getPrincipalName()), deviceId, clientId,
					deviceName(authorization, appName), method);
		}
		catch (DeviceLimitReached ex) {
			throw new DeviceLimitExceededException(deniedCode, ex.limit());
		}
		try {
			return this.delegate.authenticate(authentication);
		}
		catch (RuntimeException ex) {
			if (!known) {
				this.devices.forget(deviceId);
			}
			throw ex;
		}
	}

	private static String deviceName(OAuth2Authorization authorization, String appName) {
		Object named = authorization.getAttribute(DEVICE_NAME);
		if (named == null) {
			OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
			named = (request != null) ? request.getAdditionalParameters().get("device_name") : null;
		}
		if (named instanceof String name && !name.isBlank()) {
			return clean(name);
		}
		String agent = null;
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
			agent = servlet.getRequest().getHeader("User-Agent");
		}
		return DeviceNames.describe(appName, agent);
	}

	private static String clean(String name) {
		String printable = name.replaceAll("\\p{Cntrl}", "").trim();
		return (printable.length() > 100) ? printable.substring(0, 100) : printable;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
