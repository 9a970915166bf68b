package io.turnstile.auth.token;

import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leaked database holds no usable token: token values are stored only as SHA-256 hashes, in indexed
 * columns.
 */
@TurnstileTest
class TokenStorageIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void storesOnlyTheSha256OfTokenValues() throws Exception {
		AccessToken token = TokenResponse
			.parse(new OAuthTestClient(this.port).clientCredentials(OAuthTestClient.admin(), "admin"))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken();

		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"select * from oauth2_authorization where access_token_hash = ?", TokenHashes.sha256(token.getValue()));

		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).values()).noneMatch((value) -> value != null && value.toString().contains(token.getValue()));
		assertThat(rows.get(0).values())
			.noneMatch((value) -> value != null && value.toString().contains(token.getValue().split("\\.")[2]));
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
