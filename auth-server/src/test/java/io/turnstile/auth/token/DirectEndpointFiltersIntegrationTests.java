package io.turnstile.auth.token;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import jakarta.servlet.FilterChain;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct paths serve the plain case themselves, with the protocol chain's headers and the chain's answer,
 * and hand everything else to the chain having written nothing. (The HTTP tests of the grant and of
 * introspection elsewhere go through them as every client does.)
 */
@TurnstileTest
class DirectEndpointFiltersIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "direct-endpoints-password-1";

	@Autowired
	FilterRegistrationBean<DirectClientCredentialsFilter> clientCredentials;

	@Autowired
	FilterRegistrationBean<DirectIntrospectionFilter> introspection;

	@Autowired
	People people;

	@LocalServerPort
	int port;

	@Test
	void servesPlainClientCredentialsRequestWithTheChainsHeadersWithoutCallingTheChain() throws Exception {
		MockHttpServletRequest request = tokenRequest((r) -> r.addParameter("scope", "entitlements.read finance.read"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicInteger chainCalls = new AtomicInteger();

		this.clientCredentials.getFilter().doFilter(request, response, counting(chainCalls));

		assertThat(chainCalls).hasValue(0);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
		assertThat(response.getHeader("Pragma")).isEqualTo("no-cache");
		assertThat(response.getHeader("Expires")).isEqualTo("0");
		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.getHeader("X-XSS-Protection")).isEqualTo("0");
		assertThat(response.getContentType()).startsWith("application/json");
		JsonNode body = JSON.readTree(response.getContentAsString());
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.path("scope").asString().split(" ")).containsExactlyInAnyOrder("entitlements.read", "finance.read");
		assertThat(body.path("expires_in").asInt()).isBetween(298, 300);
		SignedJWT jwt = SignedJWT.parse(body.path("access_token").asString());
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
		assertThat(claims.getSubject()).isEqualTo("demo-admin");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-admin");
		assertThat(claims.getIssuer()).isEqualTo("http://localhost");
		assertThat(claims.getAudience()).containsExactly("http://localhost/content");
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
		assertThat(AuthorizationServerContextHolder.getContext()).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestsForTheChain")
	void handsEveryOtherRequestToTheChainHavingWrittenNothing(String name, MockHttpServletRequest request)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicInteger chainCalls = new AtomicInteger();

		this.clientCredentials.getFilter().doFilter(request, response, counting(chainCalls));

		assertThat(chainCalls).hasValue(1);
		assertThat(response.isCommitted()).isFalse();
		assertThat(response.getHeaderNames()).isEmpty();
		assertThat(response.getContentAsByteArray()).isEmpty();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
		assertThat(AuthorizationServerContextHolder.getContext()).isNull();
	}

	@Test
	void introspectsPersonAndClientAccessTokensExactlyAsTheProtocolChainDoes() throws Exception {
		OAuthTestClient oauth = new OAuthTestClient(this.port);
		Person person = this.people.signUp("direct-" + UUID.randomUUID() + "@example.com", PASSWORD, null);
		String personToken = oauth.signIn(person.email(), PASSWORD, "openid entitlements").getAccessToken().getValue();
		String clientToken = new ApiTestClient(oauth).serviceToken(OAuthTestClient.admin(), "entitlements.read");

		for (String token : List.of(personToken, clientToken)) {
			MockHttpServletRequest request = introspectionRequest(token);
			MockHttpServletResponse direct = new MockHttpServletResponse();
			AtomicInteger chainCalls = new AtomicInteger();
			this.introspection.getFilter().doFilter(request, direct, counting(chainCalls));
			// the chain ignores the hint; the direct path leaves hints other than access_token to it
			HttpResponse<String> chain = introspectOverHttp(token, "refresh_token");

			assertThat(chainCalls).hasValue(0);
			assertThat(direct.getStatus()).isEqualTo(200);
			assertThat(chain.statusCode()).isEqualTo(200);
			JsonNode directBody = JSON.readTree(direct.getContentAsString());
			JsonNode chainBody = JSON.readTree(chain.body());
			assertThat(directBody.path("active").asBoolean()).isTrue();
			assertThat(directBody.path("iss").asString()).isEqualTo(oauth.issuer());
			assertThat(directBody).isEqualTo(chainBody);
			for (String header : List.of("Cache-Control", "Pragma", "Expires", "X-Content-Type-Options", "X-Frame-Options",
					"X-XSS-Protection")) {
				assertThat(direct.getHeader(header)).as(header).isEqualTo(chain.headers().firstValue(header).orElse(null));
			}
		}
	}

	@Test
	void leavesRevokedExpiredForeignAndOpaqueTokensToTheProtocolChain() throws Exception {
		OAuthTestClient oauth = new OAuthTestClient(this.port);
		String revoked = new ApiTestClient(oauth).serviceToken(OAuthTestClient.admin(), "entitlements.read");
		assertThat(oauth.revoke(OAuthTestClient.admin(), new BearerAccessToken(revoked)).getStatusCode()).isEqualTo(200);
		Person person = this.people.signUp("direct-" + UUID.randomUUID() + "@example.com", PASSWORD, null);
		String idToken = oauth.signIn(person.email(), PASSWORD, "openid").getIDTokenString();

		for (String token : List.of(revoked, idToken, "opaque-refresh-token", "eyJhbGciOiJub25lIn0.e30.")) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			AtomicInteger chainCalls = new AtomicInteger();

			this.introspection.getFilter().doFilter(introspectionRequest(token), response, counting(chainCalls));

			assertThat(chainCalls).as(token).hasValue(1);
			assertThat(response.getContentAsByteArray()).isEmpty();
			assertThat(response.getHeaderNames()).isEmpty();
		}
		assertThat(introspectOverHttp(revoked, null).body()).isEqualTo("{\"active\":false}");
	}

	/** As a client on this machine sends it, to the issuer the tokens name. */
	private MockHttpServletRequest introspectionRequest(String token) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/introspect");
		request.setServerName("localhost");
		request.setServerPort(this.port);
		request.setContentType("application/x-www-form-urlencoded");
		request.addParameter("token", token);
		request.addHeader("Authorization", basic("demo-backend", TurnstileTest.BACKEND_SECRET));
		return request;
	}

	private HttpResponse<String> introspectOverHttp(String token, @Nullable String hint)
			throws IOException, InterruptedException {
		String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
				+ ((hint != null) ? "&token_type_hint=" + hint : "");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/oauth2/introspect"))
			.header("Authorization", basic("demo-backend", TurnstileTest.BACKEND_SECRET))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	static Stream<Arguments> requestsForTheChain() {
		Consumer<MockHttpServletRequest> asIs = (request) -> {
		};
		return Stream.of(
				Arguments.of("wrong secret", tokenRequest("demo-admin", "wrong-secret-0123456789", asIs)),
				Arguments.of("unknown client", tokenRequest("nobody", TurnstileTest.ADMIN_SECRET, asIs)),
				Arguments.of("no credentials", tokenRequest(null, null, asIs)),
				Arguments.of("control character in client id", tokenRequest("demo-admin\u0001", TurnstileTest.ADMIN_SECRET, asIs)),
				Arguments.of("scope not registered", tokenRequest((r) -> r.addParameter("scope", "openid"))),
				Arguments.of("scope twice", tokenRequest((r) -> r.addParameter("scope", "admin", "admin"))),
				Arguments.of("grant_type twice", tokenRequest((r) -> r.addParameter("grant_type", "client_credentials"))),
				Arguments.of("another grant", tokenRequest((r) -> r.setParameter("grant_type", "refresh_token"))),
				Arguments.of("DPoP proof", tokenRequest((r) -> r.addHeader("DPoP", "eyJ.eyJ.sig"))),
				Arguments.of("client assertion", tokenRequest((r) -> r.addParameter("client_assertion", "eyJ.eyJ.sig"))),
				Arguments.of("GET", tokenRequest((r) -> r.setMethod("GET"))),
				Arguments.of("another endpoint", tokenRequest((r) -> r.setRequestURI("/oauth2/introspect"))));
	}

	private static MockHttpServletRequest tokenRequest(Consumer<MockHttpServletRequest> change) {
		return tokenRequest("demo-admin", TurnstileTest.ADMIN_SECRET, change);
	}

	private static MockHttpServletRequest tokenRequest(@Nullable String clientId, @Nullable String secret,
			Consumer<MockHttpServletRequest> change) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.setContentType("application/x-www-form-urlencoded");
		request.addParameter("grant_type", "client_credentials");
		if (clientId != null) {
			request.addHeader("Authorization", basic(clientId, secret));
		}
		change.accept(request);
		return request;
	}

	private static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	private static FilterChain counting(AtomicInteger calls) {
		return (request, response) -> calls.incrementAndGet();
	}

}
