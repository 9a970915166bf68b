package io.turnstile.auth.adversarial;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jwt.SignedJWT;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.turnstile.auth.adversarial.HostileResponses.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized and malformed requests to every endpoint: huge bodies, huge headers and URLs, broken form
 * encodings, duplicate parameters, bodies that are not JSON, unicode and NUL bytes in ids. Each is answered
 * with a 4xx and no stack trace, never a 5xx.
 */
@TurnstileTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestIntegrationTests {

	static final String PASSWORD = "malformed-password-1";

	static final int THREE_MEGABYTES = 3 * 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	People people;

	final HttpClient http = HttpClient.newHttpClient();

	OAuthTestClient oauth;

	RawHttp raw;

	Person person;

	String personToken;

	String deviceId;

	String adminToken;

	@BeforeAll
	void signIn() throws Exception {
		this.oauth = new OAuthTestClient(this.port);
		this.raw = new RawHttp(this.port);
		this.person = this.people.signUp("malformed-" + UUID.randomUUID() + "@example.com", PASSWORD, null);
		this.personToken = this.oauth.signIn(this.person.email(), PASSWORD, "openid").getAccessToken().getValue();
		this.deviceId = SignedJWT.parse(this.personToken).getJWTClaimsSet().getStringClaim("did");
		this.adminToken = new ApiTestClient(this.oauth).serviceToken(OAuthTestClient.admin(), "admin");
	}

	/** The JSON endpoints, each with a body it would accept. */
	Stream<Arguments> jsonEndpoints() {
		return Stream.of(Arguments.of("POST", "/api/decisions", "person", "{\"content\":{\"id\":\"film-1\"}}"),
				Arguments.of("POST", "/api/streams", "person",
						"{\"contentId\":\"film-1\",\"deviceId\":\"" + this.deviceId + "\"}"),
				Arguments.of("POST", "/admin/users/" + this.person.id() + "/grants", "admin",
						"{\"type\":\"tier\",\"tier\":\"basic\",\"reason\":\"malformed tests\"}"),
				Arguments.of("PUT", "/admin/ppv-events/malformed-event", "admin",
						"{\"title\":\"Malformed\",\"startsAt\":1900000000,\"endsAt\":1900003600}"));
	}

	@ParameterizedTest(name = "3 MB of JSON to {0} {1} is refused")
	@MethodSource("jsonEndpoints")
	void oversizedJsonBodyIsRefusedAsTooLarge(String method, String path, String who, String validBody)
			throws Exception {
		String padded = validBody.substring(0, validBody.length() - 1) + ",\"padding\":\"" + "p".repeat(THREE_MEGABYTES)
				+ "\"}";

		HttpResponse<String> response = json(method, path, token(who), padded);

		assertNoStackTrace(path, response.statusCode(), response.body());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void oversizedChunkedJsonBodyIsRefusedAsTooLarge() throws Exception {
		byte[] body = ("{\"content\":{\"id\":\"film-1\"},\"padding\":\"" + "p".repeat(THREE_MEGABYTES) + "\"}")
			.getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.oauth.uri("/api/decisions"))
			.header("Authorization", "Bearer " + this.personToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertNoStackTrace("chunked", response.statusCode(), response.body());
		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void smallChunkedJsonBodyIsStillRead() throws Exception {
		byte[] body = "{\"content\":{\"id\":\"film-1\"}}".getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.oauth.uri("/api/decisions"))
			.header("Authorization", "Bearer " + this.personToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"decision\":\"PERMIT\"");
	}

	@ParameterizedTest(name = "3 MB form to {0} is refused")
	@ValueSource(strings = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/device_authorization",
			"/login", "/signup", "/activate", "/oauth2/authorize", "/logout" })
	void oversizedFormIsRefused(String path) throws Exception {
		String form = "grant_type=client_credentials&token=x&client_id=demo-tv&email=a%40example.com&padding="
				+ "p".repeat(THREE_MEGABYTES);

		HttpResponse<String> response = form(path, form);

		assertNoStackTrace(path, response.statusCode(), response.body());
		assertThat(response.statusCode()).isBetween(400, 499);
		if (path.startsWith("/oauth2/") && !path.equals("/oauth2/authorize")) {
			assertThat(response.body()).contains("\"error\":\"invalid_request\"")
				.contains("\"error_description\":\"The request body is too large\"");
		}
	}

	/**
	 * Tomcat closes the connection after refusing an oversized form; before it read the rest of the body first,
	 * one such refusal in 30–300 reached the client without the end of its chunked body.
	 */
	@Test
	void everyOversizedFormGetsItsWholeRefusal() throws Exception {
		String form = "token=x&padding=" + "p".repeat(THREE_MEGABYTES);

		for (int i = 0; i < 300; i++) {
			HttpResponse<String> response = form("/oauth2/introspect", form);

			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.body()).contains("\"error\":\"invalid_request\"");
		}
	}

	@ParameterizedTest(name = "a 64 KB header to {0} is refused")
	@ValueSource(strings = { "/api/tiers", "/oauth2/token", "/login", "/.well-known/openid-configuration",
			"/api/decisions" })
	void hugeHeaderIsRefused(String path) throws Exception {
		RawHttp.Response response = this.raw.send("GET " + path + " HTTP/1.1\r\nX-Padding: " + "h".repeat(64 * 1024));

		assertNoStackTrace(path, response.status(), response.body());
		assertThat(response.status()).isBetween(400, 499);
	}

	@Test
	void hugeUrlAndTooManyHeadersAreRefused() throws Exception {
		RawHttp.Response longUrl = this.raw.send("GET /api/tiers?q=" + "u".repeat(64 * 1024) + " HTTP/1.1");
		StringBuilder headers = new StringBuilder("GET /api/tiers HTTP/1.1");
		for (int i = 0; i < 500; i++) {
			headers.append("\r\nX-Header-").append(i).append(": ").append(i);
		}
		RawHttp.Response manyHeaders = this.raw.send(headers.toString());

		assertNoStackTrace("long URL", longUrl.status(), longUrl.body());
		assertThat(longUrl.status()).isBetween(400, 499);
		assertNoStackTrace("many headers", manyHeaders.status(), manyHeaders.body());
		assertThat(manyHeaders.status()).isBetween(400, 499);
	}

	@ParameterizedTest(name = "broken form encoding to {0} is refused")
	@ValueSource(strings = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/device_authorization",
			"/login", "/signup", "/activate" })
	void brokenFormEncodingIsRefused(String path) throws Exception {
		byte[] body = "grant_type=client_credentials%ZZ&token=%&scope=%E0%A4%A&email=%FF%FE&x=%00&==&&%"
			.getBytes(StandardCharsets.ISO_8859_1);

		RawHttp.Response response = this.raw.send("POST " + path + " HTTP/1.1\r\nAuthorization: Basic "
				+ adminBasic() + "\r\nContent-Type: application/x-www-form-urlencoded", body);

		assertNoStackTrace(path, response.status(), response.body());
		assertThat(response.status()).isBetween(400, 499);
	}

	@ParameterizedTest(name = "duplicate {1} to {0} is refused")
	@MethodSource("duplicateFormParameters")
	void duplicateProtocolParameterIsRefused(String path, String parameter, String form) throws Exception {
		HttpResponse<String> response = form(path, form);

		assertNoStackTrace(path, response.statusCode(), response.body());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_request");
	}

	static Stream<Arguments> duplicateFormParameters() {
		return Stream.of(
				Arguments.of("/oauth2/token", "grant_type",
						"grant_type=client_credentials&grant_type=client_credentials&scope=admin"),
				Arguments.of("/oauth2/token", "scope", "grant_type=client_credentials&scope=admin&scope=admin"),
				Arguments.of("/oauth2/introspect", "token", "token=a&token=b"),
				Arguments.of("/oauth2/revoke", "token", "token=a&token=b"));
	}

	@ParameterizedTest(name = "duplicate query parameters in {0} are refused")
	@ValueSource(strings = { "/api/entitlements/changes?wait=1&wait=2", "/admin/audit?limit=1&limit=2",
			"/activate/qr?user_code=BCDF-GHJK&user_code=BCDF-GHJK",
			"/oauth2/authorize?client_id=demo-web&client_id=demo-web&response_type=code&scope=openid&code_challenge=x&code_challenge_method=S256&redirect_uri=http://127.0.0.1:8081/callback" })
	void duplicateQueryParametersAreRefused(String pathAndQuery) throws Exception {
		String token = pathAndQuery.startsWith("/admin") || pathAndQuery.startsWith("/api") ? this.adminToken : null;
		HttpRequest.Builder request = HttpRequest.newBuilder(this.oauth.uri(pathAndQuery)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + (pathAndQuery.startsWith("/api")
					? new ApiTestClient(this.oauth).serviceToken(OAuthTestClient.admin(), "entitlements.read") : token));
		}

		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertNoStackTrace(pathAndQuery, response.statusCode(), response.body());
		assertThat(response.statusCode()).isEqualTo(400);
	}

	static Stream<Arguments> notJson() {
		return Stream.of(Arguments.of("text/plain", "hello"), Arguments.of("application/xml", "<content id=\"1\"/>"),
				Arguments.of("application/json", "hello"), Arguments.of("application/json", "[1,2,3]"),
				Arguments.of("application/json", "{\"content\":"), Arguments.of("application/json", ""),
				Arguments.of("application/json", "[".repeat(10_000)),
				Arguments.of("application/json", "{\"content\":{\"id\":{\"nested\":true}}}"),
				Arguments.of("application/json", "{\"contentId\":[],\"deviceId\":7,\"type\":{},\"startsAt\":\"soon\"}"),
				Arguments.of("application/json", "\u0000\u0001\u0002"),
				Arguments.of("application/x-www-form-urlencoded", "content=film-1"));
	}

	@ParameterizedTest(name = "{0} \"{1}\" is refused by every JSON endpoint")
	@MethodSource("notJson")
	void bodyThatIsNotTheExpectedJsonIsRefused(String contentType, String body) throws Exception {
		for (Arguments endpoint : jsonEndpoints().toList()) {
			String method = (String) endpoint.get()[0];
			String path = (String) endpoint.get()[1];
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.oauth.uri(path))
				.header("Authorization", "Bearer " + token((String) endpoint.get()[2]))
				.header("Content-Type", contentType)
				.method(method, HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertNoStackTrace(path, response.statusCode(), response.body());
			assertThat(response.statusCode()).as(method + " " + path).isIn(400, 415);
		}
	}

	@Test
	void invalidUtf8InAJsonBodyIsRefused() throws Exception {
		byte[] body = { '{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '{', '"', 'i', 'd', '"', ':', '"',
				(byte) 0xC0, (byte) 0xAE, (byte) 0xFF, '"', '}', '}' };

		RawHttp.Response response = this.raw.send("POST /api/decisions HTTP/1.1\r\nAuthorization: Bearer "
				+ this.personToken + "\r\nContent-Type: application/json", body);

		assertNoStackTrace("decisions", response.status(), response.body());
		assertThat(response.status()).isEqualTo(400);
	}

	@ParameterizedTest(name = "{0} is refused")
	@ValueSource(strings = { "GET /api/users/%00/entitlements", "GET /api/users/%F0%9F%98%80/entitlements",
			"GET /api/users/%E2%80%AEevil/entitlements", "GET /api/users/%FF%FE/entitlements",
			"GET /api/users/..%2F..%2Fadmin/entitlements", "GET /admin/users/%00/grants",
			"GET /admin/users/%C0%AE%C0%AE/grants", "GET /admin/ppv-events/%00",
			"GET /admin/ppv-events/%E2%80%8B", "DELETE /api/me/devices/%00", "DELETE /api/me/devices/%F0%9F%98%80",
			"PUT /api/streams/%00", "DELETE /api/streams/%E2%80%AE", "GET /api/users/%ZZ/entitlements",
			"GET /api/users/a%/entitlements", "GET /activate/qr?user_code=%00%00%00%00%00%00%00%00",
			"GET /activate/qr?user_code=%ZZ", "GET /api/entitlements/changes?after=%00",
			"GET /admin/audit?subject=%00&actor=%F0%9F%98%80&action=%FF" })
	void unicodeAndNulBytesInIdsAreRefused(String requestLine) throws Exception {
		String token = requestLine.contains("/admin/") ? this.adminToken
				: requestLine.contains("/entitlements") ? new ApiTestClient(this.oauth)
					.serviceToken(OAuthTestClient.admin(), "entitlements.read") : this.personToken;

		RawHttp.Response response = this.raw.send(requestLine + " HTTP/1.1\r\nAuthorization: Bearer " + token);

		assertNoStackTrace(requestLine, response.status(), response.body());
		assertThat(response.status()).isBetween(400, 499);
	}

	private String token(String who) {
		return "admin".equals(who) ? this.adminToken : this.personToken;
	}

	private HttpResponse<String> json(String method, String path, String token, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.oauth.uri(path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> form(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.oauth.uri(path))
			.header("Authorization", "Basic " + adminBasic())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String adminBasic() {
		return Base64.getEncoder()
			.encodeToString(("demo-admin:" + URLEncoder.encode(TurnstileTest.ADMIN_SECRET, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.UTF_8));
	}

}
