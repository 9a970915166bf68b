package io.turnstile.auth.client;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.turnstile.auth.config.AuthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;

/**
 * Operators register clients and rotate their secrets (console and {@code /admin/clients}). Registrations
 * are safe by default: PKCE on every authorization-code client, exact redirect URIs (https, loopback http,
 * or a private-use scheme), service scopes only for confidential clients with the client-credentials grant.
 * A secret is 256 random bits, returned once and stored only as its SHA-256 digest
 * ({@link ClientSecretEncoder}); rotating replaces it at once.
 */
@Service
public class ClientRegistrations {

	/** Scopes a person grants to an app. */
	public static final List<String> PERSON_SCOPES = List.of("openid", "profile", "email", "offline_access",
			"entitlements");

	/** Scopes of services acting for themselves. */
	public static final List<String> SERVICE_SCOPES = List.of("admin", "entitlements.read", "finance.read");

	/** The grants a client may be registered for. */
	public static final List<String> GRANT_TYPES = List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
			AuthorizationGrantType.REFRESH_TOKEN.getValue(), AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(),
			AuthorizationGrantType.DEVICE_CODE.getValue());

	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{3,100}");

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

	private static final Log logger = LogFactory.getLog(ClientRegistrations.class);

	private final JpaRegisteredClientRepository clients;

	private final ClientSecretEncoder secretEncoder = new ClientSecretEncoder();

	private final AuthProperties properties;

	private final SecureRandom random = new SecureRandom();

	private Clock clock = Clock.systemUTC();

	ClientRegistrations(JpaRegisteredClientRepository clients, AuthProperties properties) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		this.clients = clients;
		this.properties = properties;
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	public List<RegisteredClient> all() {
		return this.clients.findAll();
	}

	public Optional<RegisteredClient> find(String clientId) {
		return (clientId.isBlank()) ? Optional.empty() : Optional.ofNullable(this.clients.findByClientId(clientId));
	}

	/**
	 * Registers a client.
	 * @return the client, and its secret (shown once) when it is confidential
	 * @throws ClientRejected if the registration breaks a rule or the client id is taken
	 */
	@Transactional
	public Registered register(NewClient request, String operator) {
		validate(request);
		if (this.clients.findByClientId(request.clientId()) != null) {
			throw new ClientRejected("clientId", "A client with this id exists already");
		}
		String secret = request.confidential() ? newSecret() : null;
		boolean forPeople = request.grantTypes().contains(AuthorizationGrantType.AUTHORIZATION_CODE.getValue())
				|| request.grantTypes().contains(AuthorizationGrantType.DEVICE_CODE.getValue());
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(request.clientId())
			.clientName(request.clientName().trim())
			.clientIdIssuedAt(this.clock.instant())
			.clientAuthenticationMethod(request.confidential() ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC
					: ClientAuthenticationMethod.NONE)
			.authorizationGrantTypes((grants) -> request.grantTypes()
				.forEach((grant) -> grants.add(new AuthorizationGrantType(grant))))
			.redirectUris((uris) -> uris.addAll(request.redirectUris()))
			.postLogoutRedirectUris((uris) -> uris.addAll(request.postLogoutRedirectUris()))
			.scopes((scopes) -> scopes.addAll(request.scopes()))
			.clientSettings(ClientSettings.builder()
				.requireProofKey(true)
				.requireAuthorizationConsent(forPeople && request.requireConsent())
				.build())
			.tokenSettings(tokenSettings());
		if (secret != null) {
			client.clientSecret(this.secretEncoder.encode(secret));
			client.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		RegisteredClient registered = client.build();
		this.clients.save(registered);
		logger.info("Client " + registered.getClientId() + " registered by " + operator);
		return new Registered(registered, secret);
	}

	/**
	 * Gives a confidential client a new secret; the old one stops working at once.
	 * @return the client and its new secret (shown once)
	 * @throws UnknownClient if there is no such client
	 * @throws ClientRejected if it is a public client (it has no secret)
	 */
	@Transactional
	public Registered rotateSecret(String clientId, String operator) {
		RegisteredClient existing = find(clientId).orElseThrow(() -> new UnknownClient(clientId));
		if (existing.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
				|| existing.getClientSecret() == null) {
			throw new ClientRejected("clientId", "A public client has no secret to rotate");
		}
		String secret = newSecret();
		RegisteredClient rotated = RegisteredClient.from(existing)
			.clientSecret(this.secretEncoder.encode(secret))
			.clientSecretExpiresAt(null)
			.build();
		this.clients.save(rotated);
		logger.info("Secret of client " + clientId + " rotated by " + operator);
		return new Registered(rotated, secret);
	}

	/** Whether a client authenticates with a secret. */
	public static boolean isConfidential(RegisteredClient client) {
		return !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
				&& client.getClientSecret() != null;
	}

	/**
	 * The token settings every client gets: the configured lifetimes, RS256 id tokens, and refresh tokens
	 * that rotate on every use (reuse detection depends on it).
	 */
	public TokenSettings tokenSettings() {
		return TokenSettings.builder()
			.accessTokenTimeToLive(this.properties.accessTokenTtl())
			.refreshTokenTimeToLive(this.properties.refreshTokenTtl())
			.idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
			.authorizationCodeTimeToLive(this.properties.authorizationCodeTtl())
			.deviceCodeTimeToLive(Duration.ofMinutes(10))
			.reuseRefreshTokens(false)
			.build();
	}

	private String newSecret() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void validate(NewClient request) {
		if (!CLIENT_ID.matcher(request.clientId()).matches()) {
			throw new ClientRejected("clientId", "A client id is 3-100 characters of [A-Za-z0-9._-]");
		}
		if (request.clientName().isBlank() || request.clientName().length() > 200) {
			throw new ClientRejected("clientName", "A client name is 1-200 characters");
		}
		Set<String> grants = request.grantTypes();
		if (grants.isEmpty()) {
			throw new ClientRejected("grantTypes", "Choose at least one grant type");
		}
		for (String grant : grants) {
			if (!GRANT_TYPES.contains(grant)) {
				throw new ClientRejected("grantTypes", "Unknown grant type '" + grant + "'");
			}
		}
		boolean code = grants.contains(AuthorizationGrantType.AUTHORIZATION_CODE.getValue());
		boolean device = grants.contains(AuthorizationGrantType.DEVICE_CODE.getValue());
		boolean service = grants.contains(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue());
		if (service && !request.confidential()) {
			throw new ClientRejected("grantTypes", "A public client cannot use client credentials");
		}
		if (grants.contains(AuthorizationGrantType.REFRESH_TOKEN.getValue()) && !code && !device) {
			throw new ClientRejected("grantTypes", "Refresh tokens come with the authorization code or device grant");
		}
		if (code && request.redirectUris().isEmpty()) {
			throw new ClientRejected("redirectUris", "An authorization-code client needs at least one redirect URI");
		}
		if (!code && !request.redirectUris().isEmpty()) {
			throw new ClientRejected("redirectUris", "Redirect URIs are for authorization-code clients only");
		}
		for (String uri : request.redirectUris()) {
			requireRedirectUri("redirectUris", uri);
		}
		for (String uri : request.postLogoutRedirectUris()) {
			requireRedirectUri("postLogoutRedirectUris", uri);
		}
		if (request.scopes().isEmpty()) {
			throw new ClientRejected("scopes", "Choose at least one scope");
		}
		for (String scope : request.scopes()) {
			if (SERVICE_SCOPES.contains(scope)) {
				if (!service) {
					throw new ClientRejected("scopes", "Scope '" + scope + "' is for client-credentials clients only");
				}
			}
			else if (PERSON_SCOPES.contains(scope)) {
				if (!code && !device) {
					throw new ClientRejected("scopes",
							"Scope '" + scope + "' is granted by a person: it needs the authorization code or device grant");
				}
			}
			else {
				throw new ClientRejected("scopes", "Unknown scope '" + scope + "'");
			}
		}
	}

	/** Exact redirect URIs only (RFC 9700 §2.1): https, http on loopback, or a private-use scheme (RFC 8252). */
	private static void requireRedirectUri(String field, String value) {
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (java.net.URISyntaxException ex) {
			throw new ClientRejected(field, "'" + value + "' is not a URI");
		}
		if (!uri.isAbsolute() || uri.getRawFragment() != null || value.contains("*")) {
			throw new ClientRejected(field, "'" + value + "' must be an absolute URI without a fragment or wildcard");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		boolean allowed = ("https".equals(scheme) && uri.getHost() != null)
				|| ("http".equals(scheme) && uri.getHost() != null && LOOPBACK.contains(uri.getHost()))
				|| (scheme.contains(".") && !"http".equals(scheme) && !"https".equals(scheme));
		if (!allowed) {
			throw new ClientRejected(field,
					"'" + value + "' must be https, http on 127.0.0.1 or localhost, or a private-use scheme such as com.example.app:/callback");
		}
	}

	/**
	 * What an operator asks for.
	 * @param confidential whether the client keeps a secret (a backend) or not (a browser, phone or TV app)
	 * @param requireConsent whether people are asked before the app gets their data
	 */
	public record NewClient(String clientId, String clientName, boolean confidential, Set<String> grantTypes,
			List<String> redirectUris, List<String> postLogoutRedirectUris, Set<String> scopes,
			boolean requireConsent) {

		public NewClient {
			clientId = (clientId != null) ? clientId.trim() : "";
			clientName = (clientName != null) ? clientName : "";
			grantTypes = (grantTypes != null) ? new LinkedHashSet<>(grantTypes) : Set.of();
			redirectUris = (redirectUris != null) ? redirectUris.stream().map(String::trim).filter((uri) -> !uri.isEmpty()).toList()
					: List.of();
			postLogoutRedirectUris = (postLogoutRedirectUris != null) ? postLogoutRedirectUris.stream()
				.map(String::trim)
				.filter((uri) -> !uri.isEmpty())
				.toList() : List.of();
			scopes = (scopes != null) ? new LinkedHashSet<>(scopes) : Set.of();
		}

	}

	/**
	 * @param client the client as stored
	 * @param secret its secret in clear, only now; {@code null} for a public client
	 */
	public record Registered(RegisteredClient client, @Nullable String secret) {
	}

}
