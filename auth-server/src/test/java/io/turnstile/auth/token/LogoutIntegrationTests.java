package io.turnstile.auth.token;

import java.net.URI;
import java.net.http.HttpResponse;

import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Authorization;
import io.turnstile.auth.OAuthTestClient.Browser;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RP-initiated logout ({@code /connect/logout}): ends the session and redirects only to a registered
 * post-logout redirect URI (no open redirector, RFC 9700 §4.11).
 */
@TurnstileTest
class LogoutIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	People people;

	OAuthTestClient client;

	@BeforeEach
	void setUp() {
		this.client = new OAuthTestClient(this.port);
	}

	@Test
	void logoutWithIdTokenHintEndsTheSessionAndRedirectsToTheRegisteredUri() throws Exception {
		Browser browser = this.client.browser();
		JWT idToken = signIn(browser, "logout-ok@example.com");
		State state = new State();
		URI logout = new LogoutRequest(this.client.uri("/connect/logout"), idToken,
				URI.create("http://127.0.0.1:8081/logged-out"), state)
			.toURI();

		HttpResponse<String> response = browser.get(logout);

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
		assertThat(location.toString()).startsWith("http://127.0.0.1:8081/logged-out");
		assertThat(OAuthTestClient.queryParameter(location, "state")).isEqualTo(state.getValue());
		HttpResponse<String> again = browser.get(this.client
			.authorization(OAuthTestClient.DEMO_WEB, OAuthTestClient.DEMO_WEB_REDIRECT, "openid")
			.requestUri());
		assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/login");
	}

	@Test
	void logoutToAnUnregisteredUriIsRefusedWithoutRedirect() throws Exception {
		Browser browser = this.client.browser();
		JWT idToken = signIn(browser, "logout-evil@example.com");
		URI logout = new LogoutRequest(this.client.uri("/connect/logout"), idToken,
				URI.create("https://evil.example/phish"), new State())
			.toURI();

		HttpResponse<String> response = browser.get(logout);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	private JWT signIn(Browser browser, String email) throws Exception {
		this.people.signUp(email, "correct horse battery", null);
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid");
		URI callback = browser.authorize(authorization, email, "correct horse battery");
		return ((OIDCTokenResponse) OAuthTestClient
			.parseOidc(this.client.exchangeCode(OAuthTestClient.DEMO_WEB,
					new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")),
					OAuthTestClient.DEMO_WEB_REDIRECT, authorization.verifier()))
			.toSuccessResponse()).getOIDCTokens().getIDToken();
	}

}
