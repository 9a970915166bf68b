package io.turnstile.auth;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.turnstile.AuthServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lives only in memory: after the application context is stopped and a new one started on the
 * same H2 file, clients, people and keys are there, a token issued before still introspects active, a
 * refresh token issued before still works, and a revoked token stays revoked. Demo credentials left
 * unset are generated and printed once, on the first start only.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartPersistenceIntegrationTests {

	@TempDir
	Path data;

	@Test
	void tokensClientsPeopleAndKeysSurviveARestart(CapturedOutput output) throws Exception {
		int port = freePort();
		OAuthTestClient client = new OAuthTestClient("http://127.0.0.1:" + port);
		String password;
		ClientAuthentication admin;

		AccessToken live;
		AccessToken revoked;
		Tokens person;
		List<String> kidsBefore;
		try (ConfigurableApplicationContext first = start(port)) {
			password = printedOnce(output, "demo@turnstile.local password (TURNSTILE_DEMO_PASSWORD): ");
			admin = new ClientSecretBasic(new ClientID("demo-admin"),
					new Secret(printedOnce(output, "demo-admin client secret (TURNSTILE_ADMIN_SECRET): ")));
			live = serviceToken(client, admin);
			revoked = serviceToken(client, admin);
			assertThat(client.revoke(admin, revoked).getStatusCode()).isEqualTo(200);
			OAuthTestClient.Authorization authorization = client.authorization(OAuthTestClient.DEMO_WEB,
					OAuthTestClient.DEMO_WEB_REDIRECT, "openid profile offline_access");
			URI callback = client.browser()
				.authorize(authorization, "demo@turnstile.local", password);
			person = TokenResponse.parse(client.exchangeCode(OAuthTestClient.DEMO_WEB,
					new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")),
					OAuthTestClient.DEMO_WEB_REDIRECT, authorization.verifier()))
				.toSuccessResponse()
				.getTokens();
			kidsBefore = kids(client);
		}
		assertThat(Files.list(this.data)).isNotEmpty();

		try (ConfigurableApplicationContext second = start(port)) {
			assertThat(output.getOut().split("TURNSTILE DEMO CREDENTIALS", -1)).as("credentials printed once only")
				.hasSize(2);
			assertThat(kids(client)).isEqualTo(kidsBefore);
			assertThat(client.introspect(admin, live).isActive()).isTrue();
			assertThat(client.introspect(admin, revoked).isActive()).isFalse();
			assertThat(new UserInfoRequest(client.uri("/userinfo"), person.getBearerAccessToken()).toHTTPRequest()
				.send()
				.getStatusCode()).isEqualTo(200);

			TokenResponse refreshed = TokenResponse
				.parse(client.refresh(OAuthTestClient.DEMO_WEB, person.getRefreshToken()));
			assertThat(refreshed.indicatesSuccess()).isTrue();
			TokenResponse reused = TokenResponse.parse(client.refresh(OAuthTestClient.DEMO_WEB, person.getRefreshToken()));
			assertThat(((TokenErrorResponse) reused).getErrorObject().getCode()).isEqualTo("invalid_grant");

			assertThat(client.browser().signIn("demo@turnstile.local", password)
				.headers()
				.firstValue("Location")
				.orElseThrow()).doesNotContain("error");
			assertThat(serviceToken(client, admin)).isNotNull();
		}
	}

	private ConfigurableApplicationContext start(int port) {
		return new SpringApplicationBuilder(AuthServerApplication.class).profiles("test")
			.run("--server.port=" + port, "--turnstile.issuer=http://127.0.0.1:" + port,
					"--spring.datasource.url=jdbc:h2:file:" + this.data.resolve("turnstile").toAbsolutePath()
							+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
					"--spring.jmx.enabled=false", "--turnstile.demo.password=", "--turnstile.demo.backend-secret=",
					"--turnstile.demo.admin-secret=");
	}

	private static String printedOnce(CapturedOutput output, String label) {
		Matcher matcher = Pattern.compile(Pattern.quote(label) + "(\\S+)").matcher(output.getOut());
		assertThat(matcher.find()).as(label).isTrue();
		return matcher.group(1);
	}

	private static AccessToken serviceToken(OAuthTestClient client, ClientAuthentication admin) throws Exception {
		return TokenResponse.parse(client.clientCredentials(admin, "admin"))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken();
	}

	private static List<String> kids(OAuthTestClient client) throws Exception {
		return JWKSet.load(client.uri("/oauth2/jwks").toURL()).getKeys().stream().map(JWK::getKeyID).toList();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
