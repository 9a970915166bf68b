package io.turnstile.auth.cluster;

import java.util.Set;

import io.micrometer.common.KeyValue;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Names the {@code uri} of requests that Spring Security's filters answer themselves (token, JWKS,
 * introspection, revocation, device authorization, user info, discovery, sign-in), and of decisions, which
 * a filter answers ahead of Spring MVC (architecture.md, "Direct endpoints"): without this they are
 * all {@code uri="UNKNOWN"} in {@code http_server_requests_seconds}, and no alert could tell the token
 * endpoint from the JWKS. A fixed list, so the number of series stays bounded.
 */
final class ProtocolEndpointsObservationConvention extends DefaultServerRequestObservationConvention {

	static final Set<String> PATHS = Set.of("/oauth2/authorize", "/oauth2/token", "/oauth2/jwks", "/oauth2/introspect",
			"/oauth2/revoke", "/oauth2/device_authorization", "/oauth2/device_verification", "/userinfo",
			"/connect/logout", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
			"/login", "/logout", "/api/decisions");

	@Override
	protected KeyValue uri(ServerRequestObservationContext context) {
		KeyValue uri = super.uri(context);
		if ("UNKNOWN".equals(uri.getValue()) && context.getCarrier() != null) {
			String path = context.getCarrier().getRequestURI().substring(context.getCarrier().getContextPath().length());
			if (PATHS.contains(path)) {
				return KeyValue.of(uri.getKey(), path);
			}
		}
		return uri;
	}

}
