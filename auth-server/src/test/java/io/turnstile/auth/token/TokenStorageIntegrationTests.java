package io.turnstile.auth.token;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leaked database holds no usable token: token values are stored only as SHA-256 hashes, in indexed
 * columns; a client's own access tokens are not stored at all, and only listed (by hash) once revoked.
 */
@TurnstileTest
class TokenStorageIntegrationTests {

	@LocalServerPort
	int port;

	static final String PASSWORD = "correct horse battery";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	People people;

	@Autowired
	JpaOAuth2AuthorizationService authorizations;

	@Test
	void storesOnlyTheSha256OfTokenValues() throws Exception {
		this.people.signUp("storage@example.com", PASSWORD, null);
		OIDCTokens tokens = new OAuthTestClient(this.port).signIn("storage@example.com", PASSWORD,
				"openid offline_access");
		String accessToken = tokens.getAccessToken().getValue();

		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"select * from oauth2_authorization where access_token_hash = ?", TokenHashes.sha256(accessToken));

		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).get("refresh_token_hash")).isEqualTo(TokenHashes.sha256(tokens.getRefreshToken().getValue()));
		for (String value : List.of(accessToken, accessToken.split("\\.")[2], tokens.getIDTokenString(),
				tokens.getIDTokenString().split("\\.")[2], tokens.getRefreshToken().getValue())) {
			assertThat(rows.get(0).values()).noneMatch((column) -> column != null && column.toString().contains(value));
		}
	}

	@Test
	void clientCredentialsTokensAreNeitherStoredNorListedUntilRevoked() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		AccessToken token = TokenResponse.parse(client.clientCredentials(OAuthTestClient.admin(), "admin"))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken();
		String hash = TokenHashes.sha256(token.getValue());
		Instant expiresAt = SignedJWT.parse(token.getValue()).getJWTClaimsSet().getExpirationTime().toInstant();

		assertThat(this.jdbc.queryForObject("select count(*) from oauth2_authorization where principal_name = 'demo-admin'",
				Integer.class)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from revoked_access_token where token_hash = ?",
				Integer.class, hash)).isZero();

		assertThat(client.revoke(OAuthTestClient.admin(), token).getStatusCode()).isEqualTo(200);

		assertThat(this.jdbc.queryForObject("select expires_at from revoked_access_token where token_hash = ?",
				Timestamp.class, hash).toInstant()).isEqualTo(expiresAt);
		assertThat(this.jdbc.queryForObject("select count(*) from oauth2_authorization where principal_name = 'demo-admin'",
				Integer.class)).isZero();
		assertThat(this.jdbc.queryForList("select token_hash from revoked_access_token", String.class))
			.noneMatch((value) -> value.contains(token.getValue()));
	}

	@Test
	void expiredRevocationEntriesAreDeletedWithExpiredAuthorizations() {
		String hash = TokenHashes.sha256("expired-" + System.nanoTime());
		this.jdbc.update("insert into revoked_access_token (token_hash, expires_at, revoked_at) values (?, ?, ?)", hash,
				Timestamp.from(Instant.now().minusSeconds(60)), Timestamp.from(Instant.now().minusSeconds(120)));

		this.authorizations.deleteExpired();

		assertThat(this.jdbc.queryForObject("select count(*) from revoked_access_token where token_hash = ?",
				Integer.class, hash)).isZero();
	}

	@Test
	void everyTokenHashColumnIsIndexed() {
		List<String> indexed = this.jdbc.queryForList(
				"select column_name from information_schema.index_columns where table_name = 'oauth2_authorization'",
				String.class);

		assertThat(indexed).contains("state_hash", "code_hash", "access_token_hash", "id_token_hash",
				"refresh_token_hash", "user_code_hash", "device_code_hash");
	}

}
