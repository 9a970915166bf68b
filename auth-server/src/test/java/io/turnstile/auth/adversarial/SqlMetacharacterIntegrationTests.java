package io.turnstile.auth.adversarial;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Entitlements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static io.turnstile.auth.adversarial.HostileFormInputIntegrationTests.newAddress;
import static io.turnstile.auth.adversarial.HostileResponses.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * SQL metacharacters in every text input (sign-up fields, the sign-in e-mail and password, TV codes, ids
 * in paths, query parameters, JSON fields, protocol parameters): each is refused or taken literally, never
 * a 5xx, and afterwards every table still holds what it held.
 */
@TurnstileTest
class SqlMetacharacterIntegrationTests {

	static final List<String> PAYLOADS = List.of("' OR '1'='1", "\"; drop table person; --",
			"'); delete from audit_event; --", "1 union select password_hash from person --", "%' or 1=1 --",
			"*/ or 1=1 /*", "\\'; --");

	static final String PASSWORD = "sql-metacharacter-password";

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Tables that only grow during a test (clean-up jobs may shrink the others at any time). */
	static final List<String> TABLES = List.of("person", "oauth2_client", "signing_key", "audit_event",
			"entitlement_change", "entitlement_feed", "device");

	@LocalServerPort
	int port;

	@Autowired
	WebApplicationContext context;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	MockMvc mvc;

	OAuthTestClient oauth;

	ApiTestClient api;

	Person person;

	Map<String, Long> before;

	@BeforeEach
	void setUp() throws Exception {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		this.oauth = new OAuthTestClient(this.port);
		this.api = new ApiTestClient(this.oauth);
		this.person = this.people.signUp("sql-" + UUID.randomUUID() + "@example.com", PASSWORD, "Reference");
		this.before = rowCounts();
	}

	@AfterEach
	void everyTableStillHoldsWhatItHeld() {
		Map<String, Long> after = rowCounts();
		after.forEach((table, rows) -> assertThat(rows).as(table).isGreaterThanOrEqualTo(this.before.get(table)));
		assertThat(after.get("oauth2_client")).isEqualTo(this.before.get("oauth2_client"));
		assertThat(after.get("signing_key")).isEqualTo(this.before.get("signing_key"));
		assertThat(this.people.findByEmail("demo@turnstile.local")).isPresent();
		assertThat(this.people.findById(this.person.id())).map(Person::displayName).hasValue("Reference");
		assertThat(this.entitlements.current(new AccountId(this.person.id())).tier().code()).isEqualTo("free");
	}

	@Test
	void sqlInSignUpFieldsIsStoredVerbatimAndSignsInOnlyItsOwnAccount() throws Exception {
		String email = "o'brien';drop-table-person;--" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String name = "Robert'); DROP TABLE person;--";
		String password = "' OR '1'='1' -- padding";

		MvcResult signedUp = this.mvc.perform(post("/signup").param("email", email)
			.param("displayName", name)
			.param("password", password)
			.param("confirmPassword", password)
			.with(csrf())
			.with(newAddress())).andReturn();

		assertThat(signedUp.getResponse().getStatus()).isEqualTo(302);
		Person stored = this.people.findByEmail(email).orElseThrow();
		assertThat(stored.email()).isEqualTo(email);
		assertThat(stored.displayName()).isEqualTo(name);
		this.mvc.perform(post("/login").param("email", email).param("password", password).with(csrf()).with(newAddress()))
			.andExpect(authenticated().withUsername(stored.id()));
		assertThat(rowCounts().get("person")).isEqualTo(this.before.get("person") + 1);
	}

	@Test
	void sqlInTheSignInEmailOrPasswordSignsNobodyIn() throws Exception {
		for (String payload : PAYLOADS) {
			for (List<String> credentials : List.of(List.of(payload, payload), List.of(this.person.email(), payload),
					List.of(payload + "@example.com", PASSWORD))) {
				MvcResult result = this.mvc.perform(post("/login").param("email", credentials.get(0))
					.param("password", credentials.get(1))
					.with(csrf())
					.with(newAddress())).andExpect(unauthenticated()).andReturn();

				assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
			}
		}
	}

	@Test
	void sqlInATvCodeIsAnInvalidCode() throws Exception {
		for (String payload : PAYLOADS) {
			MvcResult result = this.mvc.perform(post("/activate").param("user_code", payload)
				.with(csrf())
				.with(user(this.person.id()))
				.with(newAddress())).andReturn();

			assertNoStackTrace(payload, result.getResponse().getStatus(), result.getResponse().getContentAsString());
			assertThat(result.getResponse().getStatus()).isEqualTo(400);
		}
	}

	@Test
	void sqlInIdsInPathsNamesNothing() throws Exception {
		String reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");
		String admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
		String viewer = viewerToken();
		for (String payload : PAYLOADS) {
			String id = URLEncoder.encode(payload, StandardCharsets.UTF_8).replace("+", "%20");
			List<Response> responses = List.of(this.api.get("/api/users/" + id + "/entitlements", reader),
					this.api.get("/admin/users/" + id + "/grants", admin),
					this.api.send("POST", "/admin/users/" + id + "/grants", admin,
							"{\"type\":\"tier\",\"tier\":\"premium\",\"reason\":\"sql\"}"),
					this.api.send("DELETE", "/admin/users/" + this.person.id() + "/grants/" + id + "?reason=sql", admin,
							null),
					this.api.get("/admin/ppv-events/" + id, admin),
					this.api.send("PUT", "/admin/ppv-events/" + id, admin,
							"{\"title\":\"x\",\"startsAt\":1900000000,\"endsAt\":1900003600}"),
					this.api.send("DELETE", "/api/me/devices/" + id, viewer, null),
					this.api.send("PUT", "/api/streams/" + id, viewer, null),
					this.api.send("DELETE", "/api/streams/" + id, viewer, null));
			for (Response response : responses) {
				assertNoStackTrace(payload, response.status(), response.body());
				assertThat(response.status()).as(payload).isBetween(400, 499);
			}
		}
	}

	@Test
	void sqlInQueryParametersFindsNothing() throws Exception {
		String admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
		String reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");
		for (String payload : PAYLOADS) {
			String value = URLEncoder.encode(payload, StandardCharsets.UTF_8);
			Response audit = this.api.get("/admin/audit?subject=" + value + "&actor=" + value + "&action=" + value, admin);
			Response auditBySubject = this.api.get("/admin/audit?subject=" + value, admin);
			Response feed = this.api.get("/api/entitlements/changes?after=" + value, reader);

			assertThat(audit.status()).isEqualTo(200);
			assertThat(audit.json().isEmpty()).as(payload).isTrue();
			assertThat(auditBySubject.json().isEmpty()).as(payload).isTrue();
			assertNoStackTrace(payload, feed.status(), feed.body());
			assertThat(feed.status()).isEqualTo(400);
		}
	}

	@Test
	void sqlInJsonFieldsIsRefusedOrKeptVerbatim() throws Exception {
		String admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
		String viewer = viewerToken();
		String did = SignedJWT.parse(viewer).getJWTClaimsSet().getStringClaim("did");
		for (String payload : PAYLOADS) {
			String json = jsonString(payload);
			Response decision = this.api.send("POST", "/api/decisions", viewer,
					"{\"content\":{\"id\":" + json + ",\"ppvEventId\":" + json + "},\"deviceId\":" + json + "}");
			Response tier = this.api.send("POST", "/api/decisions", viewer,
					"{\"content\":{\"id\":\"film\",\"requiredTier\":" + json + ",\"feature\":" + json + "}}");
			Response unknownTierGrant = this.api.send("POST", "/admin/users/" + this.person.id() + "/grants", admin,
					"{\"type\":\"tier\",\"tier\":" + json + ",\"reason\":" + json + "}");
			Response unknownEventGrant = this.api.send("POST", "/admin/users/" + this.person.id() + "/grants", admin,
					"{\"type\":\"ppv\",\"eventId\":" + json + ",\"reason\":" + json + "}");
			Response lease = this.api.send("POST", "/api/streams", viewer,
					"{\"contentId\":" + json + ",\"deviceId\":\"" + did + "\"}");

			assertThat(decision.status()).isEqualTo(200);
			assertThat(decision.json().get("decision").asString()).isEqualTo("DENY");
			assertNoStackTrace(payload, tier.status(), tier.body());
			assertThat(tier.status()).isIn(200, 400);
			assertThat(unknownTierGrant.status()).isEqualTo(400);
			assertThat(unknownEventGrant.status()).isEqualTo(404);
			assertThat(lease.status()).as(lease.body()).isEqualTo(201);
			assertThat(lease.json().get("contentId").asString()).isEqualTo(payload);
			assertThat(this.api.send("DELETE", "/api/streams/" + lease.json().get("leaseId").asString(), viewer, null)
				.status()).isEqualTo(204);
		}
		String eventId = "sql-event-" + UUID.randomUUID();
		Response event = this.api.send("PUT", "/admin/ppv-events/" + eventId, admin, "{\"title\":"
				+ jsonString(PAYLOADS.get(1)) + ",\"startsAt\":1900000000,\"endsAt\":1900003600,\"reason\":"
				+ jsonString(PAYLOADS.get(2)) + "}");
		assertThat(event.status()).isEqualTo(200);
		assertThat(this.api.get("/admin/ppv-events/" + eventId, admin).json().get("title").asString())
			.isEqualTo(PAYLOADS.get(1));
	}

	@Test
	void sqlInProtocolParametersIsRefused() throws Exception {
		for (String payload : PAYLOADS) {
			String value = URLEncoder.encode(payload, StandardCharsets.UTF_8);
			HttpResponse<String> wrongClient = form("/oauth2/token", basic(payload, payload),
					"grant_type=client_credentials&scope=" + value);
			HttpResponse<String> wrongScope = form("/oauth2/token",
					basic("demo-admin", TurnstileTest.ADMIN_SECRET), "grant_type=client_credentials&scope=" + value);
			HttpResponse<String> introspected = form("/oauth2/introspect",
					basic("demo-backend", TurnstileTest.BACKEND_SECRET), "token=" + value);
			HttpResponse<String> revoked = form("/oauth2/revoke", basic("demo-backend", TurnstileTest.BACKEND_SECRET),
					"token=" + value + "&token_type_hint=" + value);
			HttpResponse<String> device = form("/oauth2/device_authorization", null,
					"client_id=" + value + "&scope=" + value);

			assertThat(wrongClient.statusCode()).isEqualTo(401);
			assertThat(wrongScope.statusCode()).isEqualTo(400);
			assertThat(introspected.statusCode()).isEqualTo(200);
			assertThat(introspected.body()).contains("\"active\":false");
			for (HttpResponse<String> response : List.of(wrongClient, wrongScope, introspected, revoked, device)) {
				assertNoStackTrace(payload, response.statusCode(), response.body());
			}
			assertThat(revoked.statusCode()).isBetween(200, 499);
			assertThat(device.statusCode()).isBetween(400, 499);
		}
	}

	private String viewerToken() throws Exception {
		return this.oauth.signIn(this.person.email(), PASSWORD, "openid").getAccessToken().getValue();
	}

	private HttpResponse<String> form(String path, String authorization, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.oauth.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String basic(String client, String secret) {
		String pair = URLEncoder.encode(client, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	private static String jsonString(String value) {
		return JSON.writeValueAsString(value);
	}

	private Map<String, Long> rowCounts() {
		Map<String, Long> counts = new TreeMap<>();
		for (String table : TABLES) {
			counts.put(table, this.jdbc.queryForObject("select count(*) from " + table, Long.class));
		}
		return counts;
	}

}
