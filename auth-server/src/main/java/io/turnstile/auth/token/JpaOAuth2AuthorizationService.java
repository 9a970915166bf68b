package io.turnstile.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * {@link OAuth2AuthorizationService} on the database that never stores a token value: each code and token is
 * kept as its SHA-256 in an indexed column, so a leaked database holds no usable token and every lookup is by
 * index. Rows are read and written with plain JDBC ({@link AuthorizationRows}), one statement each; JPA only
 * sweeps expired rows. An authorization read back holds the presented value for the token it was found by and an
 * unusable placeholder for the others.
 *
 * <p>
 * A client's own access tokens (client_credentials) are not stored at all: see {@link UnstoredClientTokens}.
 *
 * <p>
 * When a save replaces an authorization's refresh token, the old one is remembered
 * ({@link RotatedRefreshTokenEntity}) so that {@link RefreshTokenReuseDetectingAuthenticationProvider}
 * can recognise its reuse.
 */
public class JpaOAuth2AuthorizationService implements OAuth2AuthorizationService {

	private static final Log logger = LogFactory.getLog(JpaOAuth2AuthorizationService.class);

	private static final String FOUND_ATTRIBUTE = JpaOAuth2AuthorizationService.class.getName() + ".found";

	private static final String PRESENTED_REFRESH_ATTRIBUTE = JpaOAuth2AuthorizationService.class.getName()
			+ ".presentedRefresh";

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final OAuth2AuthorizationEntityRepository authorizations;

	private final RotatedRefreshTokenEntityRepository rotatedRefreshTokens;

	private final RegisteredClientRepository registeredClients;

	private final UnstoredClientTokens clientTokens;

	private final JsonMapper jsonMapper;

	private final AuthorizationRows rows;

	private final TransactionOperations transactions;

	private Clock clock = Clock.systemUTC();

	private TokenRevocationListener revocations = (authorization, accessTokenId, familyRevoked) -> {
	};

	JpaOAuth2AuthorizationService(OAuth2AuthorizationEntityRepository authorizations,
			RotatedRefreshTokenEntityRepository rotatedRefreshTokens, RegisteredClientRepository registeredClients,
			UnstoredClientTokens clientTokens, JsonMapper jsonMapper, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(rotatedRefreshTokens, "rotatedRefreshTokens cannot be null");
		Assert.notNull(registeredClients, "registeredClients cannot be null");
		Assert.notNull(clientTokens, "clientTokens cannot be null");
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		this.authorizations = authorizations;
		this.clientTokens = clientTokens;
		this.rotatedRefreshTokens = rotatedRefreshTokens;
		this.registeredClients = registeredClients;
		this.jsonMapper = jsonMapper;
		this.rows = new AuthorizationRows(jdbc);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	public void setRevocationListener(TokenRevocationListener revocations) {
		Assert.notNull(revocations, "revocations cannot be null");
		this.revocations = revocations;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.clientTokens.setClock(clock);
	}

	/**
	 * Stores an authorization in a transaction (joining the caller's), except a client's own access token,
	 * which costs no transaction at all unless it is being revoked.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		if (UnstoredClientTokens.isUnstored(authorization)) {
			if (authorization.getAccessToken().isInvalidated()) {
				this.transactions.executeWithoutResult((status) -> revokeUnstored(authorization));
			}
			return;
		}
		this.transactions.executeWithoutResult((status) -> saveStored(authorization));
	}

	private void saveStored(OAuth2Authorization authorization) {
		forgetFoundInThisRequest();
		AuthorizationRows.Stored before = this.rows.stored(authorization.getId()).orElse(null);
		String previousRefreshHash = (before != null) ? before.refreshTokenHash() : null;
		String presented = presentedRefreshToken(authorization.getId());
		if (presented != null && !presented.equals(hash(authorization.getRefreshToken()))
				&& !presented.equals(previousRefreshHash)) {
			// This request rotates the refresh token it presented, which another request rotated since it was
			// read (a client's retry racing its first attempt): that one keeps the family; this one is refused.
			throw alreadyRotated();
		}
		boolean accessWasLive = before != null && before.accessTokenHash() != null
				&& !invalidated(before.accessTokenMetadata());
		boolean refreshWasLive = before != null && previousRefreshHash != null
				&& !invalidated(before.refreshTokenMetadata());
		OAuth2AuthorizationEntity entity = new OAuth2AuthorizationEntity();
		write(authorization, entity);
		if (previousRefreshHash != null && !previousRefreshHash.equals(entity.refreshTokenHash)) {
			try {
				this.rows.rotated(previousRefreshHash, entity.id, this.clock.instant(), entity.expiresAt);
			}
			catch (DuplicateKeyException | ConcurrencyFailureException ex) {
				// Another request is rotating the same refresh token at this moment (both read it before either
				// wrote): the first to write keeps the family.
				throw alreadyRotated();
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Rotated refresh token of authorization " + entity.id);
			}
		}
		if (before != null) {
			this.rows.update(entity);
		}
		else {
			this.rows.insert(entity);
		}
		boolean accessRevoked = accessWasLive && authorization.getAccessToken() != null
				&& authorization.getAccessToken().isInvalidated();
		boolean familyRevoked = refreshWasLive && authorization.getRefreshToken() != null
				&& authorization.getRefreshToken().isInvalidated();
		if (accessRevoked || familyRevoked) {
			Object jti = (authorization.getAccessToken() != null && authorization.getAccessToken().getClaims() != null)
					? authorization.getAccessToken().getClaims().get("jti") : null;
			this.revocations.revoked(authorization, accessRevoked && jti != null ? jti.toString() : null,
					familyRevoked);
		}
	}

	private void revokeUnstored(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		this.clientTokens.revoke(authorization);
		Object jti = (accessToken.getClaims() != null) ? accessToken.getClaims().get("jti") : null;
		this.revocations.revoked(authorization, (jti != null) ? jti.toString() : null, false);
	}

	private boolean invalidated(@Nullable String metadata) {
		return StringUtils.hasText(metadata)
				&& this.jsonMapper.readTree(metadata).path(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME).asBoolean(false);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		forgetFoundInThisRequest();
		this.rows.delete(authorization.getId());
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		return this.rows.findById(id).map((entity) -> read(entity, null, null)).orElse(null);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		Assert.hasText(token, "token cannot be empty");
		if (token.startsWith(TokenHashes.STORED_HASH_PREFIX)) {
			return null;
		}
		if ((tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) && UnstoredClientTokens.hasShape(token)) {
			return this.clientTokens.find(token);
		}
		String key = ((tokenType != null) ? tokenType.getValue() : "") + ":" + token;
		Map<String, Optional<OAuth2Authorization>> found = foundInThisRequest();
		Optional<OAuth2Authorization> earlier = (found != null) ? found.get(key) : null;
		if (earlier != null) {
			return earlier.orElse(null);
		}
		OAuth2Authorization authorization = findStored(token, tokenType);
		if (found != null) {
			found.put(key, Optional.ofNullable(authorization));
		}
		return authorization;
	}

	/**
	 * What this request has looked up already: the decorators of a token request (device registry, DPoP,
	 * reuse detection) and the framework's provider each look up the same code or refresh token, and an
	 * authorization is immutable. Forgotten at every write.
	 */
	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, Optional<OAuth2Authorization>> foundInThisRequest() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return null;
		}
		Object found = request.getAttribute(FOUND_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		if (found == null) {
			found = new HashMap<String, Optional<OAuth2Authorization>>();
			request.setAttribute(FOUND_ATTRIBUTE, found, RequestAttributes.SCOPE_REQUEST);
		}
		return (Map<String, Optional<OAuth2Authorization>>) found;
	}

	/** Remembers, for this request, the hash of the refresh token an authorization was found by. */
	private static void presentedRefreshToken(String authorizationId, String hash) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(PRESENTED_REFRESH_ATTRIBUTE, new PresentedRefreshToken(authorizationId, hash),
					RequestAttributes.SCOPE_REQUEST);
		}
	}

	/** The hash of the refresh token this request found this authorization by, if it did. */
	private static @Nullable String presentedRefreshToken(String authorizationId) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		Object presented = (request != null)
				? request.getAttribute(PRESENTED_REFRESH_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) : null;
		return (presented instanceof PresentedRefreshToken token && token.authorizationId().equals(authorizationId))
				? token.hash() : null;
	}

	private record PresentedRefreshToken(String authorizationId, String hash) {
	}

	private static OAuth2AuthenticationException alreadyRotated() {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The refresh token was already used", null));
	}

	private static void forgetFoundInThisRequest() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.removeAttribute(FOUND_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		}
	}

	private @Nullable OAuth2Authorization findStored(String token, @Nullable OAuth2TokenType tokenType) {
		String hash = TokenHashes.sha256(token);
		String userCodeHash = userCodeHash(token);
		// Only access and id tokens are JWTs; codes, refresh tokens and user codes never hold a dot.
		Stream<String> types = (tokenType != null) ? Stream.of(tokenType.getValue())
				: (token.indexOf('.') >= 0) ? Stream.of(OAuth2ParameterNames.ACCESS_TOKEN, OidcParameterNames.ID_TOKEN)
						: Stream.of(OAuth2ParameterNames.STATE, OAuth2ParameterNames.CODE, OAuth2ParameterNames.REFRESH_TOKEN,
								OAuth2ParameterNames.USER_CODE, OAuth2ParameterNames.DEVICE_CODE);
		return types
			.map((type) -> lookup(type, OAuth2ParameterNames.USER_CODE.equals(type) ? userCodeHash : hash)
				.map((entity) -> {
					if (OAuth2ParameterNames.REFRESH_TOKEN.equals(type)) {
						presentedRefreshToken(entity.id, hash);
					}
					return read(entity, type, token);
				}))
			.flatMap(Optional::stream)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Revokes every token of one authorization (refresh-token family): access, refresh and id token.
	 * @return whether the authorization existed
	 */
	@Transactional
	public boolean revokeFamily(String authorizationId) {
		OAuth2Authorization authorization = findById(authorizationId);
		if (authorization == null) {
			return false;
		}
		OAuth2Authorization.Builder revoked = OAuth2Authorization.from(authorization);
		if (authorization.getAccessToken() != null) {
			revoked.invalidate(authorization.getAccessToken().getToken());
		}
		if (authorization.getRefreshToken() != null) {
			revoked.invalidate(authorization.getRefreshToken().getToken());
		}
		OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
		if (idToken != null) {
			revoked.invalidate(idToken.getToken());
		}
		save(revoked.build());
		return true;
	}

	/**
	 * Whether an access token whose signature, issuer, audience and lifetime the caller has verified is
	 * still honoured: a stored one not revoked, or a client's own one not listed as revoked whose client
	 * may still use client_credentials. One indexed read of one column, outside any transaction (it runs on
	 * every introspection and decision), nothing else parsed.
	 * @param tokenValue a verified access token
	 * @param claims its claims
	 */
	public boolean isLiveAccessToken(String tokenValue, Map<String, Object> claims) {
		if (UnstoredClientTokens.isClientToken(claims)) {
			return this.clientTokens.isLive(tokenValue, (String) claims.get("client_id"));
		}
		List<String> metadata = this.rows.accessTokenMetadata(TokenHashes.sha256(tokenValue));
		return !metadata.isEmpty() && !invalidated(metadata.get(0));
	}

	/**
	 * The id of the authorization (refresh-token family) a rotated-away refresh token belonged to.
	 * @param refreshTokenValue a presented refresh token
	 * @return the family's authorization id if the token was rotated away earlier
	 */
	public Optional<String> findFamilyOfRotatedRefreshToken(String refreshTokenValue) {
		return this.rows.familyOfRotated(TokenHashes.sha256(refreshTokenValue));
	}

	/**
	 * Deletes authorizations and rotated refresh tokens that can no longer be presented.
	 * @return how many rows were deleted
	 */
	@Transactional
	public int deleteExpired() {
		Instant now = this.clock.instant();
		return this.authorizations.deleteExpired(now) + this.rotatedRefreshTokens.deleteExpired(now)
				+ this.clientTokens.deleteExpired();
	}

	private Optional<OAuth2AuthorizationEntity> lookup(String type, String hash) {
		String column = switch (type) {
			case OAuth2ParameterNames.STATE -> "state_hash";
			case OAuth2ParameterNames.CODE -> "code_hash";
			case OAuth2ParameterNames.ACCESS_TOKEN -> "access_token_hash";
			case OidcParameterNames.ID_TOKEN -> "id_token_hash";
			case OAuth2ParameterNames.REFRESH_TOKEN -> "refresh_token_hash";
			case OAuth2ParameterNames.USER_CODE -> "user_code_hash";
			case OAuth2ParameterNames.DEVICE_CODE -> "device_code_hash";
			default -> null;
		};
		return (column != null) ? this.rows.findByHash(column, hash) : Optional.empty();
	}

	private void write(OAuth2Authorization authorization, OAuth2AuthorizationEntity entity) {
		entity.id = authorization.getId();
		entity.registeredClientId = authorization.getRegisteredClientId();
		entity.principalName = authorization.getPrincipalName();
		entity.authorizationGrantType = authorization.getAuthorizationGrantType().getValue();
		entity.authorizedScopes = StringUtils.collectionToCommaDelimitedString(authorization.getAuthorizedScopes());
		Map<String, Object> attributes = new LinkedHashMap<>(authorization.getAttributes());
		Object state = attributes.remove(OAuth2ParameterNames.STATE);
		entity.stateHash = (state instanceof String value) ? TokenHashes.hashOf(value) : null;
		entity.attributes = toJson(attributes);

		Instant expiresAt = null;
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		entity.codeHash = hash(code);
		entity.codeIssuedAt = issuedAt(code);
		entity.codeExpiresAt = expiresAt(code);
		entity.codeMetadata = metadata(code);
		expiresAt = later(expiresAt, entity.codeExpiresAt);

		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		entity.accessTokenHash = hash(accessToken);
		entity.accessTokenIssuedAt = issuedAt(accessToken);
		entity.accessTokenExpiresAt = expiresAt(accessToken);
		entity.accessTokenMetadata = metadata(accessToken);
		entity.accessTokenType = (accessToken != null) ? accessToken.getToken().getTokenType().getValue() : null;
		entity.accessTokenScopes = (accessToken != null)
				? StringUtils.collectionToCommaDelimitedString(accessToken.getToken().getScopes()) : null;
		expiresAt = later(expiresAt, entity.accessTokenExpiresAt);

		OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
		entity.idTokenHash = hash(idToken);
		entity.idTokenIssuedAt = issuedAt(idToken);
		entity.idTokenExpiresAt = expiresAt(idToken);
		entity.idTokenMetadata = metadata(idToken);
		expiresAt = later(expiresAt, entity.idTokenExpiresAt);

		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
		entity.refreshTokenHash = hash(refreshToken);
		entity.refreshTokenIssuedAt = issuedAt(refreshToken);
		entity.refreshTokenExpiresAt = expiresAt(refreshToken);
		entity.refreshTokenMetadata = metadata(refreshToken);
		expiresAt = later(expiresAt, entity.refreshTokenExpiresAt);

		OAuth2Authorization.Token<OAuth2UserCode> userCode = authorization.getToken(OAuth2UserCode.class);
		entity.userCodeHash = (userCode != null) ? userCodeHash(userCode.getToken().getTokenValue()) : null;
		entity.userCodeIssuedAt = issuedAt(userCode);
		entity.userCodeExpiresAt = expiresAt(userCode);
		entity.userCodeMetadata = metadata(userCode);
		expiresAt = later(expiresAt, entity.userCodeExpiresAt);

		OAuth2Authorization.Token<OAuth2DeviceCode> deviceCode = authorization.getToken(OAuth2DeviceCode.class);
		entity.deviceCodeHash = hash(deviceCode);
		entity.deviceCodeIssuedAt = issuedAt(deviceCode);
		entity.deviceCodeExpiresAt = expiresAt(deviceCode);
		entity.deviceCodeMetadata = metadata(deviceCode);
		expiresAt = later(expiresAt, entity.deviceCodeExpiresAt);

		// An authorization still waiting for consent has no token yet: it lives as long as a code would.
		entity.expiresAt = (expiresAt != null) ? expiresAt : this.clock.instant().plusSeconds(3600);
		entity.updatedAt = this.clock.instant();
	}

	private OAuth2Authorization read(OAuth2AuthorizationEntity entity, @Nullable String foundBy,
			@Nullable String presentedValue) {
		RegisteredClient registeredClient = this.registeredClients.findById(entity.registeredClientId);
		if (registeredClient == null) {
			throw new DataRetrievalFailureException(
					"The registered client of authorization " + entity.id + " no longer exists");
		}
		Function<String, String> value = (type) -> type.equals(foundBy) ? Objects.requireNonNull(presentedValue)
				: null;
		OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(registeredClient)
			.id(entity.id)
			.principalName(entity.principalName)
			.authorizationGrantType(new AuthorizationGrantType(entity.authorizationGrantType))
			.authorizedScopes(StringUtils.commaDelimitedListToSet(entity.authorizedScopes))
			.attributes((attributes) -> attributes.putAll(fromJson(entity.attributes)));
		if (entity.stateHash != null) {
			builder.attribute(OAuth2ParameterNames.STATE,
					valueOr(value.apply(OAuth2ParameterNames.STATE), entity.stateHash));
		}
		if (entity.codeHash != null) {
			builder.token(
					new OAuth2AuthorizationCode(valueOr(value.apply(OAuth2ParameterNames.CODE), entity.codeHash),
							entity.codeIssuedAt, entity.codeExpiresAt),
					(metadata) -> metadata.putAll(fromJson(entity.codeMetadata)));
		}
		if (entity.accessTokenHash != null) {
			OAuth2AccessToken.TokenType type = OAuth2AccessToken.TokenType.DPOP.getValue()
				.equalsIgnoreCase(entity.accessTokenType) ? OAuth2AccessToken.TokenType.DPOP
						: OAuth2AccessToken.TokenType.BEARER;
			builder.token(new OAuth2AccessToken(type,
					valueOr(value.apply(OAuth2ParameterNames.ACCESS_TOKEN), entity.accessTokenHash),
					entity.accessTokenIssuedAt, entity.accessTokenExpiresAt,
					StringUtils.commaDelimitedListToSet(entity.accessTokenScopes)),
					(metadata) -> metadata.putAll(fromJson(entity.accessTokenMetadata)));
		}
		if (entity.idTokenHash != null) {
			Map<String, Object> metadata = fromJson(entity.idTokenMetadata);
			@SuppressWarnings("unchecked")
			Map<String, Object> claims = (Map<String, Object>) metadata
				.getOrDefault(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, Collections.emptyMap());
			builder.token(new OidcIdToken(valueOr(value.apply(OidcParameterNames.ID_TOKEN), entity.idTokenHash),
					entity.idTokenIssuedAt, entity.idTokenExpiresAt, claims), (m) -> m.putAll(metadata));
		}
		if (entity.refreshTokenHash != null) {
			builder.token(new OAuth2RefreshToken(
					valueOr(value.apply(OAuth2ParameterNames.REFRESH_TOKEN), entity.refreshTokenHash),
					entity.refreshTokenIssuedAt, entity.refreshTokenExpiresAt),
					(metadata) -> metadata.putAll(fromJson(entity.refreshTokenMetadata)));
		}
		if (entity.userCodeHash != null) {
			builder.token(
					new OAuth2UserCode(valueOr(value.apply(OAuth2ParameterNames.USER_CODE), entity.userCodeHash),
							entity.userCodeIssuedAt, entity.userCodeExpiresAt),
					(metadata) -> metadata.putAll(fromJson(entity.userCodeMetadata)));
		}
		if (entity.deviceCodeHash != null) {
			builder.token(
					new OAuth2DeviceCode(valueOr(value.apply(OAuth2ParameterNames.DEVICE_CODE), entity.deviceCodeHash),
							entity.deviceCodeIssuedAt, entity.deviceCodeExpiresAt),
					(metadata) -> metadata.putAll(fromJson(entity.deviceCodeMetadata)));
		}
		return builder.build();
	}

	/** User codes are typed by people: stored and looked up normalised (case, dashes and spaces ignored). */
	private static String userCodeHash(String value) {
		return value.startsWith(TokenHashes.STORED_HASH_PREFIX) ? TokenHashes.hashOf(value)
				: TokenHashes.sha256(UserCodes.normalize(value));
	}

	private static String valueOr(@Nullable String presented, String hash) {
		return (presented != null) ? presented : TokenHashes.placeholder(hash);
	}

	private static @Nullable String hash(OAuth2Authorization.@Nullable Token<? extends OAuth2Token> token) {
		return (token != null) ? TokenHashes.hashOf(token.getToken().getTokenValue()) : null;
	}

	private static @Nullable Instant issuedAt(OAuth2Authorization.@Nullable Token<? extends OAuth2Token> token) {
		return (token != null) ? token.getToken().getIssuedAt() : null;
	}

	private static @Nullable Instant expiresAt(OAuth2Authorization.@Nullable Token<? extends OAuth2Token> token) {
		return (token != null) ? token.getToken().getExpiresAt() : null;
	}

	private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

	private @Nullable String metadata(OAuth2Authorization.@Nullable Token<? extends OAuth2Token> token) {
		return (token != null) ? toJson(token.getMetadata()) : null;
	}

	private String toJson(Map<String, Object> data) {
		return this.jsonMapper.writeValueAsString(data);
	}

	private Map<String, Object> fromJson(@Nullable String data) {
		if (!StringUtils.hasText(data)) {
			return Collections.emptyMap();
		}
		return this.jsonMapper.readValue(data, MAP);
	}

}
