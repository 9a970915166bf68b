package io.turnstile.auth.client;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/clients}: registering clients safely, a secret shown once and stored only as a hash,
 * rotation that retires the old secret, and refusals as problem details naming the field.
 */
@TurnstileTest
class AdminClientsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	RegisteredClientRepository clients;

	OAuthTestClient oauth;

	ApiTestClient api;

	String admin;

	@BeforeEach
	void setUp() throws Exception {
		this.oauth = new OAuthTestClient(this.port);
		this.api = new ApiTestClient(this.oauth);
		this.admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
	}

	@Test
	void confidentialClientGetsASecretOnceWhichIsStoredOnlyAsAHash() throws Exception {
		Response created = register("""
				{"clientId": "api-partner", "clientName": "API partner", "type": "confidential",
				 "grantTypes": ["client_credentials"], "scopes": ["entitlements.read"]}""");
		String secret = created.json().get("clientSecret").asString();
		Response read = this.api.get("/admin/clients/api-partner", this.admin);

		assertThat(created.status()).isEqualTo(201);
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(read.json().get("clientSecret").isNull()).isTrue();
		assertThat(this.api.get("/admin/clients", this.admin).body()).contains("api-partner").doesNotContain(secret);
		assertThat(this.clients.findByClientId("api-partner").getClientSecret()).startsWith("{sha256}")
			.doesNotContain(secret);
		assertThat(token("api-partner", secret)).isEqualTo(200);
	}

	@Test
	void publicAppIsRegisteredWithPkceAndNoSecret() throws Exception {
		Response created = register("""
				{"clientId": "api-phone-app", "clientName": "Phone app", "type": "public",
				 "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": ["com.example.app:/callback"],
				 "scopes": ["openid", "entitlements", "offline_access"]}""");

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("clientSecret").isNull()).isTrue();
		assertThat(created.json().get("requireProofKey").asBoolean()).isTrue();
		assertThat(created.json().get("type").asString()).isEqualTo("public");
	}

	@Test
	void rotatingTheSecretRetiresTheOldOneAtOnce() throws Exception {
		String first = register("""
				{"clientId": "api-rotated", "clientName": "Rotated", "type": "confidential",
				 "grantTypes": ["client_credentials"], "scopes": ["entitlements.read"]}""").json().get("clientSecret").asString();

		Response rotated = this.api.send("POST", "/admin/clients/api-rotated/secret", this.admin, null);
		String second = rotated.json().get("clientSecret").asString();

		assertThat(rotated.status()).isEqualTo(200);
		assertThat(second).isNotEqualTo(first);
		assertThat(token("api-rotated", first)).isEqualTo(401);
		assertThat(token("api-rotated", second)).isEqualTo(200);
	}

	@Test
	void registrationBreakingARuleIsAProblemThatNamesTheField() throws Exception {
		Response publicService = register("""
				{"clientId": "api-bad-1", "clientName": "Bad", "type": "public",
				 "grantTypes": ["client_credentials"], "scopes": ["admin"]}""");
		Response plainHttp = register("""
				{"clientId": "api-bad-2", "clientName": "Bad", "type": "confidential",
				 "grantTypes": ["authorization_code"], "redirectUris": ["http://partner.example/cb"], "scopes": ["openid"]}""");
		Response taken = register("""
				{"clientId": "demo-web", "clientName": "Again", "type": "public",
				 "grantTypes": ["authorization_code"], "redirectUris": ["https://x.example/cb"], "scopes": ["openid"]}""");

		assertThat(publicService.status()).isEqualTo(400);
		assertThat(publicService.header("Content-Type")).startsWith("application/problem+json");
		assertThat(publicService.json().get("type").asString()).isEqualTo("/problems/client-rejected");
		assertThat(publicService.json().get("field").asString()).isEqualTo("grantTypes");
		assertThat(plainHttp.json().get("field").asString()).isEqualTo("redirectUris");
		assertThat(taken.json().get("field").asString()).isEqualTo("clientId");
		assertThat(this.clients.findByClientId("api-bad-1")).isNull();
	}

	@Test
	void unknownClientIsAProblem() throws Exception {
		Response rotated = this.api.send("POST", "/admin/clients/no-such-client/secret", this.admin, null);

		assertThat(rotated.status()).isEqualTo(404);
		assertThat(rotated.json().get("type").asString()).isEqualTo("/problems/unknown-client");
	}

	@Test
	void clientsApiNeedsTheAdminScope() throws Exception {
		String reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");

		assertThat(this.api.get("/admin/clients", reader).status()).isEqualTo(403);
		assertThat(this.api.get("/admin/clients", null).status()).isEqualTo(401);
	}

	private Response register(String json) throws Exception {
		return this.api.send("POST", "/admin/clients", this.admin, json);
	}

	private int token(String clientId, String secret) throws Exception {
		return this.oauth.clientCredentials(new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
				"entitlements.read").getStatusCode();
	}

}
