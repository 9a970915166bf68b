package io.turnstile.auth.config;

import io.turnstile.auth.dpop.DPoPProofJtis;
import io.turnstile.auth.dpop.DPoPResourceServerSupport;
import io.turnstile.auth.token.JpaOAuth2AuthorizationService;
import io.turnstile.auth.web.ProblemSecurityHandlers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The Stripe webhook's chain, the API reference's, and the JSON API chain ({@code /api/**}, {@code /admin/**}): stateless,
 * bearer access tokens checked by the server's own decoder ({@code typ: at+jwt}) and refused once revoked,
 * scopes as authorities, problem details on 401/403.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	static final String API_DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
			+ "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

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

	/**
	 * The API reference ({@code /v3/api-docs}) and Swagger UI: public, no session, and a policy of their own
	 * that still allows scripts from this server only; styles may be inline because Swagger UI adds a
	 * {@code <style>} element (BrowserIntegrationTests shows no other violation).
	 */
	@Bean
	@Order(-4)
	SecurityFilterChain apiDocsSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers.frameOptions((frame) -> frame.deny())
				.contentSecurityPolicy((csp) -> csp.policyDirectives(API_DOCS_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	@Bean
	@Order(0)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
			JpaOAuth2AuthorizationService authorizations, DPoPProofJtis dpopJtis) throws Exception {
		ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
		// A revoked token (device signed out, token revoked) stops working here at once, not at expiry.
		JwtDecoder liveTokens = (token) -> {
			Jwt jwt = jwtDecoder.decode(token);
			if (!authorizations.isLiveAccessToken(token, jwt.getClaims())) {
				throw new BadJwtException("The access token was revoked");
			}
			return jwt;
		};
		http.securityMatcher("/api/**", "/admin/**")
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/api/users/*/entitlements")
				.hasAuthority("SCOPE_entitlements.read")
				.requestMatchers("/api/entitlements/changes")
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
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(liveTokens))
				.dPoP(Customizer.withDefaults())
				.withObjectPostProcessor(DPoPResourceServerSupport.sharedReplayCache(dpopJtis))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

}
