package io.turnstile.auth.account;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's error controller renders {@code error.html} over real HTTP: friendly words, a way back, no internals.
 */
@TurnstileTest
class ErrorPageIntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void refusedFormPostShowsAFriendlyErrorPageWithAWayBack() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/signup"))
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("email=error-page%40example.test&password=x"))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("That didn't work")
			.contains("Error <span>403</span>")
			.contains("href=\"/\"")
			.contains("href=\"/css/turnstile.css\"")
			.doesNotContain("jsessionid")
			.doesNotContain("Exception")
			.doesNotContain("CSRF")
			.doesNotContain("style=")
			.doesNotContain("<script");
	}

	@Test
	void unknownAppAtTheAuthorizationEndpointGetsAPageSayingSoWithAWayBack() throws Exception {
		HttpResponse<String> response = getHtml(
				"/oauth2/authorize?response_type=code&client_id=no-such-app&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&scope=openid&state=s");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).contains("know this app")
			.contains("not registered with us")
			.contains("href=\"/\"")
			.doesNotContain("evil.example");
	}

	@Test
	void unregisteredRedirectUriIsNotFollowedAndSaysWhy() throws Exception {
		HttpResponse<String> response = getHtml(
				"/oauth2/authorize?response_type=code&client_id=demo-web&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&scope=openid&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("This sign-in link is not valid").doesNotContain("evil.example");
	}

	@Test
	void brandStylesheetCarriesTheConfiguredColourAndEveryPageLinksIt() throws Exception {
		HttpResponse<String> stylesheet = getHtml("/css/brand.css");
		HttpResponse<String> login = getHtml("/login");
		assertThat(stylesheet.statusCode()).isEqualTo(200);
		assertThat(stylesheet.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
		assertThat(stylesheet.body()).contains("--accent: #1f4fd1;");
		assertThat(login.body()).contains("href=\"/css/brand.css\"").contains("<title>Sign in · Turnstile</title>");
	}

	@Test
	void stylesheetIsServedWithoutSigningIn() throws Exception {
		HttpResponse<String> response = getHtml("/css/turnstile.css");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(":focus-visible");
	}

	private HttpResponse<String> getHtml(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
