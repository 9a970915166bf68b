package io.turnstile.auth.token;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.turnstile.auth.audit.AuditLog;
import io.turnstile.auth.config.Issuer;
import io.turnstile.auth.keys.SigningKeys;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.ExclusiveTasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Token issuing and checking: the JPA authorization and consent services, the token generator (JWT
 * access and id tokens, rotating refresh tokens for every client), the JWT encoder over the active
 * signing key, and the decoder the server's own resource endpoints use.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	private static final Log logger = LogFactory.getLog(TokenConfiguration.class);

	@Bean
	JpaOAuth2AuthorizationService authorizationService(OAuth2AuthorizationEntityRepository authorizations,
			RotatedRefreshTokenEntityRepository rotated, RevokedAccessTokenEntityRepository revoked,
			RegisteredClientRepository registeredClients, JwtDecoder jwtDecoder, JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, ObjectProvider<TokenRevocationListener> revocations) {
		JpaOAuth2AuthorizationService service = new JpaOAuth2AuthorizationService(authorizations, rotated,
				registeredClients, new UnstoredClientTokens(revoked, registeredClients, jwtDecoder, jdbc),
				AuthorizationJson.create(), transactionManager, jdbc);
		List<TokenRevocationListener> listeners = revocations.orderedStream().toList();
		service.setRevocationListener((authorization, accessTokenId, familyRevoked) -> listeners
			.forEach((listener) -> listener.revoked(authorization, accessTokenId, familyRevoked)));
		return service;
	}

	/**
	 * client_credentials token requests, and introspection of JWT access tokens, served without the protocol
	 * chain's filters; just inside Spring Security's filter order (-100), so the rate limits, observations and
	 * database guard still run. {@code turnstile.direct-endpoints=false} sends them through the chain.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "turnstile.direct-endpoints", matchIfMissing = true)
	FilterRegistrationBean<DirectClientCredentialsFilter> directClientCredentialsFilter(
			AuthorizationServerSettings settings, RegisteredClientRepository registeredClients,
			JpaOAuth2AuthorizationService authorizations, OAuth2TokenGenerator<?> tokens, AuditLog audit) {
		FilterRegistrationBean<DirectClientCredentialsFilter> registration = new FilterRegistrationBean<>(
				new DirectClientCredentialsFilter(settings, registeredClients, authorizations, tokens, audit));
		registration.setOrder(-101);
		return registration;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "turnstile.direct-endpoints", matchIfMissing = true)
	FilterRegistrationBean<DirectIntrospectionFilter> directIntrospectionFilter(AuthorizationServerSettings settings,
			RegisteredClientRepository registeredClients, JpaOAuth2AuthorizationService authorizations,
			JwtDecoder jwtDecoder) {
		FilterRegistrationBean<DirectIntrospectionFilter> registration = new FilterRegistrationBean<>(
				new DirectIntrospectionFilter(settings, registeredClients, authorizations, jwtDecoder));
		registration.setOrder(-101);
		return registration;
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(OAuth2AuthorizationConsentEntityRepository consents,
			RegisteredClientRepository registeredClients) {
		return new JpaOAuth2AuthorizationConsentService(consents, registeredClients);
	}

	/** The JWKS endpoint's keys: at most a second old on every node. */
	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys signingKeys) {
		return signingKeys.publishedDocument();
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKeys signingKeys) {
		return new RsaJwtEncoder(signingKeys::activeKey, new NimbusJwtEncoder(signingKeys.signing()));
	}

	@Bean
	AccessTokenClaimsCustomizer accessTokenClaimsCustomizer(Issuer issuer) {
		return new AccessTokenClaimsCustomizer(issuer::audience);
	}

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder jwtEncoder, AccessTokenClaimsCustomizer customizer,
			Entitlements entitlements) {
		EntitlementClaimsTokenCustomizer entitlementClaims = new EntitlementClaimsTokenCustomizer(entitlements);
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setJwtCustomizer((context) -> {
			customizer.customize(context);
			entitlementClaims.customize(context);
		});
		return new DelegatingOAuth2TokenGenerator(jwtGenerator, new OAuth2AccessTokenGenerator(),
				new RotatingRefreshTokenGenerator());
	}

	/**
	 * The decoder of the server's own resource endpoints ({@code /userinfo}, {@code /api/**}): RS256 only,
	 * {@code typ: at+jwt} required (the framework's default accepts only {@code JWT}), issuer, audience and
	 * time checked.
	 */
	@Bean
	JwtDecoder jwtDecoder(SigningKeys signingKeys, Issuer issuer) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(signingKeys.published())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		OAuth2TokenValidator<Jwt> issuerValidator = (jwt) -> issuer.current().equals(jwt.getClaimAsString(JwtClaimNames.ISS))
				? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The iss claim is not valid", null));
		OAuth2TokenValidator<Jwt> audienceValidator = (jwt) -> {
			return (jwt.getAudience() != null && jwt.getAudience().contains(issuer.audience()))
					? OAuth2TokenValidatorResult.success()
					: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The aud claim is not valid", null));
		};
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTypeValidator(AccessTokenClaimsCustomizer.AT_JWT),
				new JwtTimestampValidator(), issuerValidator, audienceValidator,
				new JwtClaimValidator<Object>(JwtClaimNames.SUB, (sub) -> sub != null))));
		return decoder;
	}

	@Bean
	ExpiredAuthorizationCleanup expiredAuthorizationCleanup(JpaOAuth2AuthorizationService authorizations,
			ObjectProvider<ExclusiveTasks> exclusive) {
		return new ExpiredAuthorizationCleanup(authorizations, exclusive.getIfAvailable(() -> ExclusiveTasks.LOCAL));
	}

	static final class ExpiredAuthorizationCleanup {

		private final JpaOAuth2AuthorizationService authorizations;

		private final ExclusiveTasks exclusive;

		ExpiredAuthorizationCleanup(JpaOAuth2AuthorizationService authorizations, ExclusiveTasks exclusive) {
			this.authorizations = authorizations;
			this.exclusive = exclusive;
		}

		@Scheduled(initialDelay = 60_000, fixedDelay = 600_000)
		void deleteExpired() {
			this.exclusive.run("auth-expired-authorization-cleanup", Duration.ofMinutes(10), Duration.ofMinutes(5), () -> {
				int deleted = this.authorizations.deleteExpired();
				if (deleted > 0) {
					logger.info("Deleted " + deleted + " expired authorization row(s)");
				}
			});
		}

	}

}
