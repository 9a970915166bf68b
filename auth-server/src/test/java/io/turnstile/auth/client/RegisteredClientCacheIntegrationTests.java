package io.turnstile.auth.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registered-client cache in the running server: a change saved on this node is seen at once, a change
 * another node writes to the shared table within {@code turnstile.clients.cache-ttl} (5 s). The other node
 * is played by an update straight to the table; time moves by the cache's clock, not by waiting.
 */
@TurnstileTest
class RegisteredClientCacheIntegrationTests {

	static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	JpaRegisteredClientRepository clients;

	@Autowired
	ClientRegistrations registrations;

	@Autowired
	JdbcTemplate jdbc;

	OAuthTestClient oauth;

	@BeforeEach
	void setUp() {
		this.oauth = new OAuthTestClient(this.port);
		at(NOW);
	}

	@AfterEach
	void systemClock() {
		this.clients.setClock(Clock.systemUTC());
	}

	@Test
	void secretRotatedOnThisNodeIsSeenAtOnce() throws Exception {
		String first = register("cache-rotated-here");
		assertThat(token("cache-rotated-here", first)).isEqualTo(200);

		String second = this.registrations.rotateSecret("cache-rotated-here", "test").secret();

		assertThat(token("cache-rotated-here", first)).isEqualTo(401);
		assertThat(token("cache-rotated-here", second)).isEqualTo(200);
	}

	@Test
	void secretRotatedByAnotherNodeIsSeenOnceTheCacheTimeToLiveIsOver() throws Exception {
		String old = register("cache-rotated-elsewhere");
		assertThat(token("cache-rotated-elsewhere", old)).isEqualTo(200);
		String rotated = "a-secret-another-node-stored-for-this-client";

		this.jdbc.update("update oauth2_client set client_secret = ? where client_id = ?",
				new ClientSecretEncoder().encode(rotated), "cache-rotated-elsewhere");
		int oldBeforeExpiry = token("cache-rotated-elsewhere", old);
		at(NOW.plusSeconds(5));

		assertThat(oldBeforeExpiry).isEqualTo(200);
		assertThat(token("cache-rotated-elsewhere", old)).isEqualTo(401);
		assertThat(token("cache-rotated-elsewhere", rotated)).isEqualTo(200);
	}

	@Test
	void clientRegisteredByAnotherNodeIsFoundAtOnce() throws Exception {
		assertThat(token("cache-registered-elsewhere", TurnstileTest.ADMIN_SECRET)).isEqualTo(401);

		this.jdbc.update("""
				insert into oauth2_client (id, client_id, client_id_issued_at, client_secret, client_name,
				    client_authentication_methods, authorization_grant_types, scopes, client_settings, token_settings)
				select 'cache-registered-elsewhere-id', 'cache-registered-elsewhere', client_id_issued_at,
				    client_secret, 'Registered elsewhere', client_authentication_methods, authorization_grant_types,
				    scopes, client_settings, token_settings
				from oauth2_client where client_id = 'demo-admin'""");

		assertThat(token("cache-registered-elsewhere", TurnstileTest.ADMIN_SECRET)).isEqualTo(200);
	}

	private String register(String clientId) {
		return this.registrations.register(new ClientRegistrations.NewClient(clientId, "Cache test", true,
				Set.of("client_credentials"), null, null, Set.of("entitlements.read"), false), "test").secret();
	}

	private void at(Instant instant) {
		this.clients.setClock(Clock.fixed(instant, ZoneOffset.UTC));
	}

	private int token(String clientId, String secret) throws Exception {
		return this.oauth.clientCredentials(new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
				"entitlements.read").getStatusCode();
	}

}
