package io.turnstile.auth.client;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client secrets at the token endpoint: stored as SHA-256 digests, never turned into bcrypt hashes by
 * use, and {@code {bcrypt}} hashes of earlier versions still accepted and replaced by the digest.
 */
@TurnstileTest
class ClientSecretsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JpaRegisteredClientRepository clients;

	@Autowired
	ClientRegistrations registrations;

	OAuthTestClient oauth;

	@BeforeEach
	void setUp() {
		this.oauth = new OAuthTestClient(this.port);
	}

	@Test
	void demoClientSecretsAreStoredAsSha256Digests() {
		assertThat(this.clients.findByClientId("demo-admin").getClientSecret())
			.isEqualTo(new ClientSecretEncoder().encode(TurnstileTest.ADMIN_SECRET));
		assertThat(this.clients.findByClientId("demo-backend").getClientSecret())
			.isEqualTo(new ClientSecretEncoder().encode(TurnstileTest.BACKEND_SECRET));
	}

	@Test
	void registeredClientAuthenticatesWithItsSecretAndItsDigestStaysADigest() throws Exception {
		String secret = register("secrets-registered").secret();
		String stored = this.clients.findByClientId("secrets-registered").getClientSecret();

		HTTPResponse token = token("secrets-registered", secret);

		assertThat(stored).startsWith("{sha256}").doesNotContain(secret);
		assertThat(token.getStatusCode()).isEqualTo(200);
		assertThat(this.clients.findByClientId("secrets-registered").getClientSecret()).isEqualTo(stored);
	}

	@Test
	void wrongSecretIsInvalidClientAndLeavesTheStoredDigestAlone() throws Exception {
		register("secrets-wrong");
		String stored = this.clients.findByClientId("secrets-wrong").getClientSecret();

		HTTPResponse token = token("secrets-wrong", "not-the-secret-of-this-client");

		assertThat(token.getStatusCode()).isEqualTo(401);
		assertThat(token.getBodyAsJSONObject().get("error")).isEqualTo("invalid_client");
		assertThat(this.clients.findByClientId("secrets-wrong").getClientSecret()).isEqualTo(stored);
	}

	@Test
	void legacyBcryptSecretStillAuthenticatesAndIsReplacedByItsDigest() throws Exception {
		String secret = "a-secret-stored-by-an-earlier-version-as-bcrypt";
		this.clients.save(legacyClient("secrets-legacy", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(secret)));

		HTTPResponse wrong = token("secrets-legacy", "not-the-secret");
		String storedAfterWrong = this.clients.findByClientId("secrets-legacy").getClientSecret();
		HTTPResponse first = token("secrets-legacy", secret);
		String storedAfterUse = this.clients.findByClientId("secrets-legacy").getClientSecret();
		HTTPResponse second = token("secrets-legacy", secret);

		assertThat(wrong.getStatusCode()).isEqualTo(401);
		assertThat(storedAfterWrong).startsWith("{bcrypt}");
		assertThat(first.getStatusCode()).isEqualTo(200);
		assertThat(storedAfterUse).isEqualTo(new ClientSecretEncoder().encode(secret));
		assertThat(second.getStatusCode()).isEqualTo(200);
	}

	private ClientRegistrations.Registered register(String clientId) {
		return this.registrations.register(new ClientRegistrations.NewClient(clientId, "Secrets test", true,
				Set.of("client_credentials"), null, null, Set.of("entitlements.read"), false),
				"test");
	}

	private RegisteredClient legacyClient(String clientId, String storedSecret) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(Instant.now())
			.clientSecret(storedSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("entitlements.read")
			.tokenSettings(this.registrations.tokenSettings())
			.build();
	}

	private HTTPResponse token(String clientId, String secret) throws Exception {
		return this.oauth.clientCredentials(new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
				"entitlements.read");
	}

}
