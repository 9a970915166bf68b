package io.turnstile.auth.config;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page refuses to be framed (RFC 9700 §4.16), sends no referrer, allows scripts and styles from the
 * server only, and the session cookie is HttpOnly and SameSite.
 */
@TurnstileTest
class SecurityHeadersIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void everyPageRefusesFramingAndLeaksNoReferrer() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		for (String page : List.of("/login", "/signup", "/activate", "/oauth2/consent?client_id=demo-web&scope=openid&state=s", "/")) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(client.uri(page)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
			if (response.statusCode() == 200) {
				assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).as(page)
					.contains("frame-ancestors 'none'")
					.contains("script-src 'self'");
				assertThat(response.headers().firstValue("Referrer-Policy")).as(page).hasValue("no-referrer");
			}
		}
	}

	@Test
	void sessionCookieIsHttpOnlyAndSameSite() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);

		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(client.uri("/login")).build(), HttpResponse.BodyHandlers.ofString());

		String cookie = page.headers().allValues("Set-Cookie").stream()
			.filter((value) -> value.startsWith("SESSION="))
			.findFirst()
			.orElseThrow();
		assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax");
	}

}
