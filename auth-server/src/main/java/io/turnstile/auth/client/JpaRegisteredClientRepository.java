package io.turnstile.auth.client;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * {@link RegisteredClientRepository} on JPA. Client secrets are stored as the {@link ClientSecretEncoder}
 * digest they arrive with; they are hashed before they reach this repository.
 * <p>
 * Every token request looks its client up, so clients found by id or client id are served from a
 * {@link RegisteredClientCache} for {@code turnstile.clients.cache-ttl}: a hit costs no database round trip
 * and no JSON parsing. Saving a client evicts it on this node at once (and again when the transaction
 * ends); other nodes see the change when their copy expires.
 */
public class JpaRegisteredClientRepository implements RegisteredClientRepository {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final RegisteredClientEntityRepository clients;

	private final JsonMapper jsonMapper;

	private final RegisteredClientCache cache;

	JpaRegisteredClientRepository(RegisteredClientEntityRepository clients, JsonMapper jsonMapper,
			RegisteredClientCache cache) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		Assert.notNull(cache, "cache cannot be null");
		this.clients = clients;
		this.jsonMapper = jsonMapper;
		this.cache = cache;
	}

	void setClock(Clock clock) {
		this.cache.setClock(clock);
	}

	@Override
	@Transactional
	public void save(RegisteredClient registeredClient) {
		Assert.notNull(registeredClient, "registeredClient cannot be null");
		RegisteredClientEntity entity = this.clients.findById(registeredClient.getId())
			.orElseGet(RegisteredClientEntity::new);
		entity.id = registeredClient.getId();
		entity.clientId = registeredClient.getClientId();
		entity.clientIdIssuedAt = (registeredClient.getClientIdIssuedAt() != null)
				? registeredClient.getClientIdIssuedAt() : java.time.Instant.now();
		entity.clientSecret = registeredClient.getClientSecret();
		entity.clientSecretExpiresAt = registeredClient.getClientSecretExpiresAt();
		entity.clientName = registeredClient.getClientName();
		entity.clientAuthenticationMethods = StringUtils.collectionToCommaDelimitedString(registeredClient
			.getClientAuthenticationMethods()
			.stream()
			.map(ClientAuthenticationMethod::getValue)
			.toList());
		entity.authorizationGrantTypes = StringUtils.collectionToCommaDelimitedString(
				registeredClient.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).toList());
		entity.redirectUris = StringUtils.collectionToCommaDelimitedString(registeredClient.getRedirectUris());
		entity.postLogoutRedirectUris = StringUtils
			.collectionToCommaDelimitedString(registeredClient.getPostLogoutRedirectUris());
		entity.scopes = StringUtils.collectionToCommaDelimitedString(registeredClient.getScopes());
		entity.clientSettings = this.jsonMapper.writeValueAsString(registeredClient.getClientSettings().getSettings());
		entity.tokenSettings = this.jsonMapper.writeValueAsString(registeredClient.getTokenSettings().getSettings());
		this.clients.save(entity);
		evictNowAndWhenTheTransactionEnds(registeredClient);
	}

	/** Not transactional itself: a cache hit borrows no connection (the entity repository's read does). */
	@Override
	public @Nullable RegisteredClient findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		return this.cache.byId(id, () -> this.clients.findById(id).map(this::toRegisteredClient).orElse(null));
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		Assert.hasText(clientId, "clientId cannot be empty");
		return this.cache.byClientId(clientId,
				() -> this.clients.findByClientId(clientId).map(this::toRegisteredClient).orElse(null));
	}

	/** Every registered client, by client id. */
	@Transactional(readOnly = true)
	public List<RegisteredClient> findAll() {
		return this.clients.findAllByOrderByClientIdAsc().stream().map(this::toRegisteredClient).toList();
	}

	/**
	 * Until the transaction commits, another thread may still read (and cache) the row as it was; evicting
	 * again after it ends drops that copy.
	 */
	private void evictNowAndWhenTheTransactionEnds(RegisteredClient client) {
		this.cache.evict(client);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					JpaRegisteredClientRepository.this.cache.evict(client);
				}

			});
		}
	}

	private RegisteredClient toRegisteredClient(RegisteredClientEntity entity) {
		return RegisteredClient.withId(entity.id)
			.clientId(entity.clientId)
			.clientIdIssuedAt(entity.clientIdIssuedAt)
			.clientSecret(entity.clientSecret)
			.clientSecretExpiresAt(entity.clientSecretExpiresAt)
			.clientName(entity.clientName)
			.clientAuthenticationMethods((methods) -> StringUtils
				.commaDelimitedListToSet(entity.clientAuthenticationMethods)
				.forEach((method) -> methods.add(new ClientAuthenticationMethod(method))))
			.authorizationGrantTypes((grants) -> StringUtils.commaDelimitedListToSet(entity.authorizationGrantTypes)
				.forEach((grant) -> grants.add(new AuthorizationGrantType(grant))))
			.redirectUris((uris) -> uris.addAll(StringUtils.commaDelimitedListToSet(entity.redirectUris)))
			.postLogoutRedirectUris(
					(uris) -> uris.addAll(StringUtils.commaDelimitedListToSet(entity.postLogoutRedirectUris)))
			.scopes((scopes) -> scopes.addAll(StringUtils.commaDelimitedListToSet(entity.scopes)))
			.clientSettings(ClientSettings.withSettings(this.jsonMapper.readValue(entity.clientSettings, MAP)).build())
			.tokenSettings(TokenSettings.withSettings(this.jsonMapper.readValue(entity.tokenSettings, MAP)).build())
			.build();
	}

}
