package io.turnstile.auth.config;

import io.turnstile.auth.page.BrandingProperties;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The headers of every HTML page (person's pages and operator console): no framing, no referrer, and a
 * strict content security policy: scripts and styles from this server only, never inline; images from here
 * (and the configured logo's origin).
 */
final class PageHeaders {

	private PageHeaders() {
	}

	static String contentSecurityPolicy(BrandingProperties branding) {
		String logo = (branding.logoOrigin() != null) ? " " + branding.logoOrigin() : "";
		return "default-src 'self'; img-src 'self' data:" + logo
				+ "; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self' http: https:";
	}

	static Customizer<HeadersConfigurer<HttpSecurity>> of(BrandingProperties branding) {
		return (headers) -> headers.frameOptions((frame) -> frame.deny())
			.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(branding)))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
	}

}
