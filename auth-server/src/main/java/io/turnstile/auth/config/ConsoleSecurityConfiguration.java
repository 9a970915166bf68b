package io.turnstile.auth.config;

import io.turnstile.auth.page.BrandingProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The operator console's chain ({@code GET /admin} and {@code /admin/console/**}), ordered before the JSON
 * API chain that owns the rest of {@code /admin/**}: the browser session of a person with role
 * {@code ADMIN}, CSRF on every form, the pages' headers. Without a session the browser is sent to the
 * sign-in page and comes back after it; a person without the role gets a 403 page.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

	@Bean
	@Order(-3)
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, BrandingProperties branding) throws Exception {
		http.securityMatcher(new OrRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/admin"),
				PathPatternRequestMatcher.withDefaults().matcher("/admin/console/**")))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().hasRole("ADMIN"))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
			.headers(PageHeaders.of(branding));
		return http.build();
	}

}
