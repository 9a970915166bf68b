package io.turnstile.auth.config;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.turnstile.auth.client.ClientAuthenticationFailureHandler;
import io.turnstile.auth.token.IssuerAwareAuthorizationResponseHandler;
import io.turnstile.auth.token.JpaOAuth2AuthorizationService;
import io.turnstile.auth.token.PublicClientRefreshTokenAuthenticationConverter;
import io.turnstile.auth.token.PublicClientRefreshTokenAuthenticationProvider;
import io.turnstile.auth.token.RefreshTokenReuseDetectingAuthenticationProvider;
import io.turnstile.auth.token.UserInfoErrorResponseHandler;
import io.turnstile.auth.account.PersonUserInfoMapper;

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
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2TokenExchangeAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The protocol filter chain: every OAuth 2.0 / OpenID Connect endpoint of Spring Security's
 * authorization server, with what the framework leaves out built in: refresh tokens for public clients,
 * refresh-token reuse detection, {@code WWW-Authenticate} on {@code invalid_client}, and discovery that
 * advertises exactly what works.
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
			PersonUserInfoMapper userInfoMapper) throws Exception {
		// Not a bean: an AuthenticationProvider bean would become the global (sign-in) provider.
		RefreshTokenReuseDetectingAuthenticationProvider reuseDetection = new RefreshTokenReuseDetectingAuthenticationProvider(
				authorizationService, transactions);
		IssuerAwareAuthorizationResponseHandler authorizationResponses = new IssuerAwareAuthorizationResponseHandler();
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		ClientAuthenticationFailureHandler clientFailure = new ClientAuthenticationFailureHandler();
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, (server) -> server
				.clientAuthentication((clients) -> clients
					.authenticationConverter(new PublicClientRefreshTokenAuthenticationConverter())
					.authenticationProviders((providers) -> providers.add(0,
							new PublicClientRefreshTokenAuthenticationProvider(registeredClients)))
					.errorResponseHandler(clientFailure))
				.tokenEndpoint((token) -> token
					.accessTokenRequestConverters(
							(converters) -> converters.removeIf(OAuth2TokenExchangeAuthenticationConverter.class::isInstance))
					.authenticationProviders((providers) -> {
						providers.removeIf(OAuth2TokenExchangeAuthenticationProvider.class::isInstance);
						providers.add(0, reuseDetection);
					}))
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
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(jwtDecoder)))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
			.headers((headers) -> headers.frameOptions((frame) -> frame.deny()))
			.cors(Customizer.withDefaults());
		return http.build();
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
							AuthorizationGrantType.REFRESH_TOKEN.getValue()));
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
			claims.remove(OAuth2AuthorizationServerMetadataClaimNames.DPOP_SIGNING_ALG_VALUES_SUPPORTED);
			claims.remove(OAuth2AuthorizationServerMetadataClaimNames.DEVICE_AUTHORIZATION_ENDPOINT);
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
