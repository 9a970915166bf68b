package io.turnstile.auth.config;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The issuer identifier: {@code TURNSTILE_ISSUER} when set, else {@code http://127.0.0.1:<server.port>};
 * only when the port is chosen at random (tests) is it taken from the request, as the framework does.
 *
 * The resource audience of access tokens is {@code TURNSTILE_AUDIENCE} when set, else
 * {@code <issuer>/content}.
 *
 * @param configured the fixed issuer, or {@code null} to derive it from the request
 * @param configuredAudience the fixed audience, or {@code null} for {@code <issuer>/content}
 */
public record Issuer(@Nullable String configured, @Nullable String configuredAudience) {

	/** The {@code aud} of access tokens. */
	public String audience() {
		return (this.configuredAudience != null) ? this.configuredAudience : current() + "/content";
	}

	public String current() {
		if (this.configured != null) {
			return this.configured;
		}
		AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
		if (context != null) {
			return context.getIssuer();
		}
		return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
	}

}
