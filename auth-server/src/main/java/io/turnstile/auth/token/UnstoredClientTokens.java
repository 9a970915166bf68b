package io.turnstile.auth.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Access tokens a client gets for itself (client_credentials) are not stored: such a token is a
 * self-contained JWT with nothing to refresh or rotate, so writing a row per token would only cost a
 * database write on the hottest path. Introspection, revocation and the server's own resource endpoints
 * recognise one by its shape (our access token whose {@code sub} is its {@code client_id}, with no
 * device), check its signature, issuer, audience and lifetime, and look it up in the revocation list
 * ({@code revoked_access_token}), which holds the SHA-256 of every such token revoked before it expired.
 * A revocation also reaches the change feed by the token's {@code jti}, like any other.
 */
final class UnstoredClientTokens {

	private static final String CLIENT_ID = "client_id";

	private final RevokedAccessTokenEntityRepository revoked;

	private final RegisteredClientRepository registeredClients;

	private final JwtDecoder decoder;

	private final JdbcTemplate jdbc;

	private Clock clock = Clock.systemUTC();

	UnstoredClientTokens(RevokedAccessTokenEntityRepository revoked, RegisteredClientRepository registeredClients,
			JwtDecoder decoder, JdbcTemplate jdbc) {
		Assert.notNull(revoked, "revoked cannot be null");
		Assert.notNull(registeredClients, "registeredClients cannot be null");
		Assert.notNull(decoder, "decoder cannot be null");
		this.revoked = revoked;
		this.registeredClients = registeredClients;
		this.decoder = decoder;
		this.jdbc = jdbc;
	}

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/** Whether an authorization is one that is not stored: a client's own, holding only an access token. */
	static boolean isUnstored(OAuth2Authorization authorization) {
		return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())
				&& authorization.getAccessToken() != null && authorization.getRefreshToken() == null
				&& authorization.getToken(OidcIdToken.class) == null;
	}

	/**
	 * Whether a token value has the shape of a client's own access token: a JWT whose {@code sub} is its
	 * {@code client_id}, naming no device. Nothing is verified here.
	 */
	static boolean hasShape(String tokenValue) {
		if (tokenValue.indexOf('.') < 0) {
			return false;
		}
		try {
			return isClientToken(SignedJWT.parse(tokenValue).getJWTClaimsSet().getClaims());
		}
		catch (ParseException | RuntimeException ex) {
			return false;
		}
	}

	/** Whether verified claims are those of a client's own access token. */
	static boolean isClientToken(Map<String, Object> claims) {
		Object clientId = claims.get(CLIENT_ID);
		return clientId instanceof String id && id.equals(claims.get(JwtClaimNames.SUB)) && !claims.containsKey("did");
	}

	/**
	 * The authorization of a client's own access token, rebuilt from the token: {@code null} when the
	 * token does not verify, is not a client's own, names a client that no longer exists or may no longer
	 * use client_credentials, or was revoked.
	 */
	@Nullable OAuth2Authorization find(String tokenValue) {
		Jwt jwt;
		try {
			jwt = this.decoder.decode(tokenValue);
		}
		catch (JwtException ex) {
			return null;
		}
		if (!isClientToken(jwt.getClaims())) {
			return null;
		}
		RegisteredClient client = client(jwt.getClaimAsString(CLIENT_ID));
		if (client == null || isRevoked(tokenValue)) {
			return null;
		}
		OAuth2AccessToken.TokenType type = jwt.hasClaim("cnf") ? OAuth2AccessToken.TokenType.DPOP
				: OAuth2AccessToken.TokenType.BEARER;
		Set<String> scopes = new LinkedHashSet<>(
				Arrays.asList(StringUtils.tokenizeToStringArray(jwt.getClaimAsString(OAuth2ParameterNames.SCOPE), " ")));
		OAuth2AccessToken accessToken = new OAuth2AccessToken(type, tokenValue, jwt.getIssuedAt(), jwt.getExpiresAt(),
				scopes);
		return OAuth2Authorization.withRegisteredClient(client)
			.id(jwt.getId())
			.principalName(jwt.getSubject())
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizedScopes(scopes)
			.token(accessToken, (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims()))
			.build();
	}

	/**
	 * Whether a client's own access token, already verified by the caller, is still honoured: its client
	 * still exists and may use client_credentials, and the token was not revoked.
	 */
	boolean isLive(String tokenValue, @Nullable String clientId) {
		return client(clientId) != null && !isRevoked(tokenValue);
	}

	/** Lists a client's own access token as revoked until it expires. */
	void revoke(OAuth2Authorization authorization) {
		OAuth2AccessToken token = authorization.getAccessToken().getToken();
		String hash = TokenHashes.hashOf(token.getTokenValue());
		Instant now = this.clock.instant();
		Instant expiresAt = (token.getExpiresAt() != null) ? token.getExpiresAt() : now;
		if (!this.revoked.existsById(hash)) {
			this.revoked.save(new RevokedAccessTokenEntity(hash, expiresAt, now));
		}
	}

	/** Deletes revocation entries of tokens that have expired anyway. */
	int deleteExpired() {
		return this.revoked.deleteExpired(this.clock.instant());
	}

	/** One indexed read outside any transaction: this runs on every introspection of such a token. */
	private boolean isRevoked(String tokenValue) {
		Integer count = this.jdbc.queryForObject("select count(*) from revoked_access_token where token_hash = ?",
				Integer.class, TokenHashes.sha256(tokenValue));
		return count != null && count > 0;
	}

	private @Nullable RegisteredClient client(@Nullable String clientId) {
		if (!StringUtils.hasText(clientId)) {
			return null;
		}
		RegisteredClient client = this.registeredClients.findByClientId(clientId);
		return (client != null && client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS))
				? client : null;
	}

}
