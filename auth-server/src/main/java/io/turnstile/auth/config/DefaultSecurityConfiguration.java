package io.turnstile.auth.config;

import io.turnstile.auth.page.BrandingProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * The page chain: sign-in, sign-up and consent pages, session based, CSRF on every form, clickjacking
 * protection on every page.
 */
@Configuration(proxyBeanMethods = false)
class DefaultSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain pageSecurityFilterChain(HttpSecurity http, BrandingProperties branding) throws Exception {
		SimpleUrlAuthenticationFailureHandler backToSignIn = new SimpleUrlAuthenticationFailureHandler("/login?error");
		http.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/login", "/signup", "/activate/qr", "/css/**", "/img/**", "/favicon.ico", "/error",
						"/actuator/health", "/actuator/health/**", "/actuator/prometheus")
				.permitAll()
				.anyRequest()
				.authenticated())
			// The failure handler keeps the exception in the session, so the page can tell a throttled
			// attempt from a wrong password; the provider is the account package's AuthenticationProvider bean.
			.formLogin((form) -> form.loginPage("/login")
				.usernameParameter("email")
				.failureHandler((request, response, exception) -> {
					// The exception carries the failed request, typed password included: never keep that.
					if (exception.getAuthenticationRequest() instanceof CredentialsContainer credentials) {
						credentials.eraseCredentials();
					}
					backToSignIn.onAuthenticationFailure(request, response, exception);
				}))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
			.headers(PageHeaders.of(branding));
		return http.build();
	}

	/** {@code {bcrypt}} for new hashes; {@code {argon2}} and the other standard ids are understood. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
