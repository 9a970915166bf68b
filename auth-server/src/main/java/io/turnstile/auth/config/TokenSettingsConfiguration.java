package io.turnstile.auth.config;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.util.StringUtils;

/**
 * The issuer and the endpoint paths of the fixed HTTP contract (PRODUCT.md).
 */
@Configuration(proxyBeanMethods = false)
class TokenSettingsConfiguration {

	@Bean
	Issuer issuer(AuthProperties properties, ServerProperties server) {
		String audience = StringUtils.hasText(properties.audience()) ? properties.audience() : null;
		if (StringUtils.hasText(properties.issuer())) {
			return new Issuer(stripTrailingSlash(properties.issuer()), audience);
		}
		Integer port = server.getPort();
		return new Issuer((port != null && port > 0) ? "http://127.0.0.1:" + port : null, audience);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(Issuer issuer) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder()
			.authorizationEndpoint("/oauth2/authorize")
			.tokenEndpoint("/oauth2/token")
			.jwkSetEndpoint("/oauth2/jwks")
			.tokenIntrospectionEndpoint("/oauth2/introspect")
			.tokenRevocationEndpoint("/oauth2/revoke")
			.deviceAuthorizationEndpoint("/oauth2/device_authorization")
			.oidcUserInfoEndpoint("/userinfo")
			.oidcLogoutEndpoint("/connect/logout");
		if (issuer.configured() != null) {
			settings.issuer(issuer.configured());
		}
		return settings.build();
	}

	private static String stripTrailingSlash(String issuer) {
		return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
	}

}
