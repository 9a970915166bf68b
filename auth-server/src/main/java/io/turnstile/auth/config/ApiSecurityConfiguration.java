package io.turnstile.auth.config;

import io.turnstile.auth.web.ProblemSecurityHandlers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The Stripe webhook's chain, and the JSON API chain ({@code /api/**}, {@code /admin/**}): stateless, bearer access tokens checked by the
 * server's own decoder ({@code typ: at+jwt}), scopes as authorities, problem details on 401/403.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	/**
	 * The public endpoints of the API, outside the bearer filter: {@code POST /api/decisions} verifies the
	 * viewer's token itself, so a bad token is a {@code DENY} answer rather than a 401.
	 */
	@Bean
	@Order(-1)
	SecurityFilterChain publicApiSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(new OrRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/decisions"),
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/tiers")))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	/**
	 * Stripe's webhook: no authentication (the body's signature is checked by the endpoint, stripe-contract.md
	 * 1), no CSRF, no session.
	 */
	@Bean
	@Order(-2)
	SecurityFilterChain stripeWebhookSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/billing/stripe/webhook")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@Bean
	@Order(0)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder) throws Exception {
		ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
		http.securityMatcher("/api/**", "/admin/**")
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/api/users/*/entitlements")
				.hasAuthority("SCOPE_entitlements.read")
				.requestMatchers("/api/finance/**")
				.hasAuthority("SCOPE_finance.read")
				.requestMatchers("/admin/**")
				.hasAuthority("SCOPE_admin")
				.anyRequest()
				.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(jwtDecoder))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

}
