package io.turnstile.auth.config;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.turnstile.auth.audit.AuditLog;
import io.turnstile.auth.audit.AuditingAccessTokenResponseHandler;
import io.turnstile.auth.client.ClientAuthenticationFailureHandler;
import io.turnstile.auth.client.ClientSecretEncoder;
import io.turnstile.auth.token.IssuerAwareAuthorizationResponseHandler;
import io.turnstile.auth.token.JpaOAuth2AuthorizationService;
import io.turnstile.auth.token.PublicClientRequestAuthenticationConverter;
import io.turnstile.auth.token.PublicClientRequestAuthenticationProvider;
import io.turnstile.auth.token.RefreshTokenReuseDetectingAuthenticationProvider;
import io.turnstile.auth.token.UserCodes;
import io.turnstile.auth.token.UserInfoErrorResponseHandler;
import io.turnstile.entitlements.Devices;
import io.turnstile.auth.account.LoginThrottle;
import io.turnstile.auth.account.PersonUserInfoMapper;
import io.turnstile.auth.device.DeviceAuthorizationResponseHandler;
import io.turnstile.auth.dpop.DPoPNonces;
import io.turnstile.auth.dpop.DPoPProofJtis;
import io.turnstile.auth.dpop.DPoPResourceServerSupport;
import io.turnstile.auth.dpop.DPoPTokenRequestAuthenticationProvider;
import io.turnstile.auth.device.DeviceCodePollingAuthenticationProvider;
import io.turnstile.auth.device.DeviceCodePolls;
import io.turnstile.auth.device.DeviceNamingAuthenticationProvider;
import io.turnstile.auth.device.DeviceRegistrationAuthenticationProvider;
import io.turnstile.auth.device.DeviceVerificationFailureHandler;
import io.turnstile.auth.device.TokenErrorResponseHandler;
import io.turnstile.auth.device.UserCodeThrottlingAuthenticationProvider;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadataClaimNames;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.PublicClientAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2TokenExchangeAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The protocol filter chain: every OAuth 2.0 / OpenID Connect endpoint of Spring Security's
 * authorization server, with what the framework leaves out built in: refresh tokens for public clients,
 * refresh-token reuse detection, {@code WWW-Authenticate} on {@code invalid_client}, every token response
 * in the audit log, and discovery that advertises exactly what works.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	/** Scopes a person can grant to an app; service scopes are not advertised. */
	static final List<String> ADVERTISED_SCOPES = List.of("openid", "profile", "email", "offline_access",
			"entitlements");

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http,
			RegisteredClientRepository registeredClients,
			JpaOAuth2AuthorizationService authorizationService, TransactionOperations transactions, JwtDecoder jwtDecoder,
			PersonUserInfoMapper userInfoMapper, Devices devices, DeviceCodePolls polls, LoginThrottle throttle,
			DPoPProofJtis dpopJtis, DPoPNonces dpopNonces, AuthProperties properties, AuditLog audit,
			ApplicationEventPublisher events) throws Exception {
		IssuerAwareAuthorizationResponseHandler authorizationResponses = new IssuerAwareAuthorizationResponseHandler();
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		ClientAuthenticationFailureHandler clientFailure = new ClientAuthenticationFailureHandler();
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, (server) -> server
				.clientAuthentication((clients) -> clients
					.authenticationConverter(new PublicClientRequestAuthenticationConverter())
					.authenticationProviders((providers) -> {
						// Client secrets are SHA-256 digests, not bcrypt hashes like people's passwords (the
						// PasswordEncoder bean the framework would use).
						providers.forEach((provider) -> {
							if (provider instanceof ClientSecretAuthenticationProvider secrets) {
								secrets.setPasswordEncoder(new ClientSecretEncoder());
							}
						});
						providers.replaceAll((provider) -> (provider instanceof PublicClientAuthenticationProvider)
								? new PublicClientRequestAuthenticationProvider(provider, registeredClients) : provider);
					})
					.errorResponseHandler(clientFailure))
				.tokenEndpoint((token) -> token
					.accessTokenRequestConverters(
							(converters) -> converters.removeIf(OAuth2TokenExchangeAuthenticationConverter.class::isInstance))
					.authenticationProviders((providers) -> {
						providers.removeIf(OAuth2TokenExchangeAuthenticationProvider.class::isInstance);
						// Decorators, not providers placed first: ProviderManager moves on after a failure.
						providers.replaceAll((provider) -> {
							AuthenticationProvider decorated = provider;
							if (provider instanceof OAuth2RefreshTokenAuthenticationProvider) {
								RefreshTokenReuseDetectingAuthenticationProvider reuse = new RefreshTokenReuseDetectingAuthenticationProvider(
										provider, authorizationService, transactions);
								reuse.setEventPublisher(events);
								decorated = reuse;
							}
							if (registersDevices(provider)) {
								decorated = new DeviceRegistrationAuthenticationProvider(decorated, authorizationService,
										devices, registeredClients);
							}
							if (provider instanceof OAuth2DeviceCodeAuthenticationProvider) {
								decorated = new DeviceCodePollingAuthenticationProvider(decorated, polls);
							}
							if (issuesTokens(provider)) {
								decorated = new DPoPTokenRequestAuthenticationProvider(decorated, dpopJtis, dpopNonces,
										properties.dpop().nonceRequired(), authorizationService);
							}
							return decorated;
						});
					})
					.accessTokenResponseHandler(new AuditingAccessTokenResponseHandler(
							new OAuth2AccessTokenResponseAuthenticationSuccessHandler(), audit))
					.errorResponseHandler(new TokenErrorResponseHandler(dpopNonces)))
				.deviceAuthorizationEndpoint((device) -> device.verificationUri("/activate")
					.authenticationProviders((providers) -> providers.replaceAll(
							(provider) -> (provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider framework)
									? new DeviceNamingAuthenticationProvider(framework, authorizationService, new UserCodes())
									: provider))
					.deviceAuthorizationResponseHandler(new DeviceAuthorizationResponseHandler(polls)))
				.deviceVerificationEndpoint((verification) -> verification.consentPage("/oauth2/consent")
					.authenticationProviders((providers) -> providers.replaceAll(
							(provider) -> (provider instanceof OAuth2DeviceVerificationAuthenticationProvider)
									? new UserCodeThrottlingAuthenticationProvider(provider, authorizationService, throttle)
									: provider))
					.deviceVerificationResponseHandler(new SimpleUrlAuthenticationSuccessHandler("/activate/done"))
					.errorResponseHandler(new DeviceVerificationFailureHandler()))
				.authorizationEndpoint((authorize) -> authorize.consentPage("/oauth2/consent")
					.authorizationResponseHandler(authorizationResponses)
					.errorResponseHandler(authorizationResponses))
				.authorizationServerMetadataEndpoint((metadata) -> metadata
					.authorizationServerMetadataCustomizer((builder) -> builder.claims(advertiseWhatWorks())))
				.oidc((oidc) -> oidc
					.providerConfigurationEndpoint((provider) -> provider
						.providerConfigurationCustomizer((builder) -> builder.claims(advertiseWhatWorks())))
					.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper(userInfoMapper)
						.errorResponseHandler(new UserInfoErrorResponseHandler()))))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(jwtDecoder))
				.dPoP(Customizer.withDefaults())
				.withObjectPostProcessor(DPoPResourceServerSupport.sharedReplayCache(dpopJtis)))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
			// No CORS: no origin is configured, and cors() without a configuration source asked Spring MVC's
			// handler mappings for one on every request.
			.headers((headers) -> headers.frameOptions((frame) -> frame.deny()));
		return http.build();
	}

	/** The grants whose token requests may carry a DPoP proof. */
	private static boolean issuesTokens(AuthenticationProvider provider) {
		return registersDevices(provider) || provider instanceof OAuth2ClientCredentialsAuthenticationProvider;
	}

	/** The grants that put a person's tokens on a device, or refresh them there. */
	private static boolean registersDevices(AuthenticationProvider provider) {
		return provider instanceof OAuth2AuthorizationCodeAuthenticationProvider
				|| provider instanceof OAuth2DeviceCodeAuthenticationProvider
				|| provider instanceof OAuth2RefreshTokenAuthenticationProvider;
	}

	/**
	 * Both discovery documents list only the grants, authentication methods and features that work here.
	 */
	static Consumer<Map<String, Object>> advertiseWhatWorks() {
		List<String> clientAuthentication = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(), ClientAuthenticationMethod.NONE.getValue());
		List<String> endpointAuthentication = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue());
		return (claims) -> {
			claims.put(OAuth2AuthorizationServerMetadataClaimNames.GRANT_TYPES_SUPPORTED,
					List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
							AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(),
							AuthorizationGrantType.REFRESH_TOKEN.getValue(), AuthorizationGrantType.DEVICE_CODE.getValue()));
			claims.put(OAuth2AuthorizationServerMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED,
					clientAuthentication);
			claims.put(OAuth2AuthorizationServerMetadataClaimNames.REVOCATION_ENDPOINT_AUTH_METHODS_SUPPORTED,
					clientAuthentication);
			claims.put(OAuth2AuthorizationServerMetadataClaimNames.INTROSPECTION_ENDPOINT_AUTH_METHODS_SUPPORTED,
					endpointAuthentication);
			claims.put(OAuth2AuthorizationServerMetadataClaimNames.SCOPES_SUPPORTED, ADVERTISED_SCOPES);
			claims.put(OAuth2AuthorizationServerMetadataClaimNames.CODE_CHALLENGE_METHODS_SUPPORTED, List.of("S256"));
			claims.put(OAuth2AuthorizationServerMetadataClaimNames.RESPONSE_TYPES_SUPPORTED, List.of("code"));
			claims.put("response_modes_supported", List.of("query"));
			claims.put("authorization_response_iss_parameter_supported", true);
			claims.remove(OAuth2AuthorizationServerMetadataClaimNames.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS);
			claims.remove(OAuth2AuthorizationServerMetadataClaimNames.PUSHED_AUTHORIZATION_REQUEST_ENDPOINT);
			claims.remove(OAuth2AuthorizationServerMetadataClaimNames.REGISTRATION_ENDPOINT);
			if (claims.containsKey(OidcProviderMetadataClaimNames.USER_INFO_ENDPOINT)) {
				claims.put("claims_supported",
						List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "sid", "name", "email",
								"email_verified"));
			}
		};
	}

}
