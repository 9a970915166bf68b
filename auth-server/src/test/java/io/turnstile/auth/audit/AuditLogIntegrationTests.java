package io.turnstile.auth.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit log end to end: each kind of event is recorded by the flow that causes it and read back
 * through {@code GET /admin/audit}; no column of any row holds a token, password or e-mail address.
 */
@TurnstileTest
class AuditLogIntegrationTests {

	static final String PASSWORD = "audit-password-1234";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	WebApplicationContext context;

	OAuthTestClient oauth;

	ApiTestClient api;

	String adminToken;

	@BeforeEach
	void setUp() throws Exception {
		this.oauth = new OAuthTestClient(this.port);
		this.api = new ApiTestClient(this.oauth);
		this.adminToken = this.api.serviceToken(OAuthTestClient.admin(), "admin");
	}

	@Test
	void tokenResponsesReachTheTableWithinMomentsWithoutASearch() throws Exception {
		String jti = SignedJWT.parse(this.api.serviceToken(OAuthTestClient.admin(), "admin")).getJWTClaimsSet().getJWTID();
		String sql = "select count(*) from audit_event where action = 'token.issued' and detail like ?";

		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.jdbc.queryForObject(sql, Integer.class, "%jti " + jti + "%") == 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		assertThat(this.jdbc.queryForObject(sql, Integer.class, "%jti " + jti + "%")).isEqualTo(1);
	}

	@Test
	void aStoppingBufferWritesWhatItHoldsAndAStoppedOneLetsCallersWrite() {
		AuditBuffer buffer = new AuditBuffer(this.jdbc, this.transactionManager);
		buffer.start();
		AuditEventEntity held = new AuditEventEntity();
		held.at = Instant.now();
		held.actor = "buffer-test";
		held.action = "test.buffered";
		held.outcome = "success";
		assertThat(buffer.offer(held)).isTrue();

		buffer.stop();

		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where actor = 'buffer-test'", Integer.class))
			.isEqualTo(1);
		assertThat(buffer.offer(held)).isFalse();
	}

	@Test
	void signInSuccessAndFailureAreRecordedWithTheEmailOnlyAsAHash() throws Exception {
		Person person = this.people.signUp("Audit-SignIn@example.com", PASSWORD, null);
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();

		mvc.perform(post("/login").param("email", person.email())
			.param("password", "wrong-" + PASSWORD)
			.with(csrf())
			.with((request) -> {
				request.setRemoteAddr("203.0.113.61");
				return request;
			})).andExpect(status().is3xxRedirection());
		mvc.perform(post("/login").param("email", person.email())
			.param("password", PASSWORD)
			.with(csrf())
			.with((request) -> {
				request.setRemoteAddr("203.0.113.61");
				return request;
			})).andExpect(status().is3xxRedirection());

		List<JsonNode> signIns = audit("subject=" + person.id() + "&action=sign-in");
		assertThat(signIns).hasSize(2);
		JsonNode success = signIns.get(0);
		JsonNode failure = signIns.get(1);
		assertThat(success.get("outcome").asString()).isEqualTo("success");
		assertThat(success.get("actor").asString()).isEqualTo(person.id());
		assertThat(success.get("remoteAddress").asString()).isEqualTo("203.0.113.61");
		assertThat(failure.get("outcome").asString()).isEqualTo("failure");
		assertThat(failure.get("actor").asString()).isEqualTo("anonymous");
		assertThat(failure.get("detail").asString()).startsWith("bad credentials; e-mail sha256 ")
			.endsWith(SignInAudit.sha256("audit-signin@example.com"));
		assertNoAuditRowContains(PASSWORD, "wrong-" + PASSWORD, person.email(), "audit-signin@example.com");
	}

	@Test
	void throttledSignInIsRecordedAsThrottled() throws Exception {
		Person person = this.people.signUp("audit-throttled@example.com", PASSWORD, null);
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();

		for (int attempt = 0; attempt < 6; attempt++) {
			String address = "203.0.113." + (70 + attempt);
			mvc.perform(post("/login").param("email", person.email())
				.param("password", "wrong-" + PASSWORD)
				.with(csrf())
				.with((request) -> {
					request.setRemoteAddr(address);
					return request;
				})).andExpect(status().is3xxRedirection());
		}

		List<JsonNode> failures = audit("subject=" + person.id() + "&action=sign-in");
		assertThat(failures).hasSize(6);
		assertThat(failures.get(0).get("detail").asString()).startsWith("throttled; e-mail sha256 ");
		assertThat(failures.subList(1, 6))
			.allSatisfy((failure) -> assertThat(failure.get("detail").asString()).startsWith("bad credentials"));
	}

	@Test
	void failedSignInForAnUnknownEmailIsRecordedWithoutASubject() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		String email = "audit-nobody-" + System.nanoTime() + "@example.com";

		mvc.perform(post("/login").param("email", email).param("password", PASSWORD).with(csrf()).with((request) -> {
			request.setRemoteAddr("203.0.113.62");
			return request;
		})).andExpect(status().is3xxRedirection());

		List<JsonNode> failures = audit("action=sign-in&actor=anonymous&limit=500").stream()
			.filter((event) -> event.get("detail").asString().endsWith(SignInAudit.sha256(email)))
			.toList();
		assertThat(failures).hasSize(1);
		assertThat(failures.get(0).get("subject").isNull()).isTrue();
		assertThat(failures.get(0).get("remoteAddress").asString()).isEqualTo("203.0.113.62");
		assertNoAuditRowContains(email, PASSWORD);
	}

	@Test
	void tokenIssueRefreshAndRevocationAreRecordedForThePersonWithoutTokenValues() throws Exception {
		Person person = this.people.signUp("audit-tokens@example.com", PASSWORD, null);
		OIDCTokens tokens = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		Tokens refreshed = TokenResponse.parse(this.oauth.refresh(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken()))
			.toSuccessResponse()
			.getTokens();
		String refreshedJti = SignedJWT.parse(refreshed.getAccessToken().getValue()).getJWTClaimsSet().getJWTID();

		assertThat(this.oauth.revoke(OAuthTestClient.DEMO_WEB, refreshed.getAccessToken()).getStatusCode())
			.isEqualTo(200);

		List<JsonNode> events = audit("subject=" + person.id());
		assertThat(actions(events)).containsSubsequence("token.revoked", "token.refreshed", "token.issued",
				"sign-in");
		JsonNode issued = only(events, "token.issued");
		assertThat(issued.get("actor").asString()).isEqualTo("demo-web");
		assertThat(issued.get("clientId").asString()).isEqualTo("demo-web");
		assertThat(issued.get("detail").asString()).contains("grant authorization_code", "scope offline_access openid",
				"refresh token issued");
		assertThat(only(events, "token.refreshed").get("detail").asString()).contains("grant refresh_token",
				"jti " + refreshedJti);
		JsonNode revoked = only(events, "token.revoked");
		assertThat(revoked.get("actor").asString()).isEqualTo("demo-web");
		assertThat(revoked.get("detail").asString()).isEqualTo("jti " + refreshedJti);
		assertNoAuditRowContains(tokens.getAccessToken().getValue(), tokens.getRefreshToken().getValue(),
				tokens.getIDTokenString(), refreshed.getAccessToken().getValue(), refreshed.getRefreshToken().getValue(),
				PASSWORD, person.email());
	}

	@Test
	void serviceTokensAreRecordedForTheClientWithoutASubject() throws Exception {
		String token = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");

		JsonNode issued = audit("actor=demo-admin&action=token.issued").get(0);
		assertThat(issued.get("subject").isNull()).isTrue();
		assertThat(issued.get("detail").asString()).startsWith("grant client_credentials; scope entitlements.read");
		assertNoAuditRowContains(token, TurnstileTest.BACKEND_SECRET, TurnstileTest.ADMIN_SECRET);
	}

	@Test
	void refreshTokenReuseIsRecordedWithTheRevokedFamily() throws Exception {
		Person person = this.people.signUp("audit-reuse@example.com", PASSWORD, null);
		OIDCTokens tokens = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		String did = SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");
		this.oauth.refresh(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken());

		assertThat(this.oauth.refresh(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken()).getStatusCode())
			.isEqualTo(400);

		List<JsonNode> events = audit("subject=" + person.id());
		JsonNode reuse = only(events, "token.refresh-reuse-detected");
		assertThat(reuse.get("outcome").asString()).isEqualTo("failure");
		assertThat(reuse.get("actor").asString()).isEqualTo("demo-web");
		assertThat(reuse.get("detail").asString()).isEqualTo("authorization " + did + " revoked");
		assertThat(only(events, "token.family-revoked").get("detail").asString()).startsWith("authorization " + did);
		assertNoAuditRowContains(tokens.getRefreshToken().getValue());
	}

	@Test
	void deviceSignOutIsRecordedWithThePersonAsActor() throws Exception {
		Person person = this.people.signUp("audit-devices@example.com", PASSWORD, null);
		OIDCTokens lost = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		OIDCTokens phone = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		String lostDevice = SignedJWT.parse(lost.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");

		assertThat(this.api.send("DELETE", "/api/me/devices/" + lostDevice, phone.getAccessToken().getValue(), null)
			.status()).isEqualTo(204);
		assertThat(this.api.send("DELETE", "/api/me/devices", phone.getAccessToken().getValue(), null).status())
			.isEqualTo(204);

		List<JsonNode> events = audit("subject=" + person.id());
		JsonNode signOut = only(events, "device.signed-out");
		assertThat(signOut.get("actor").asString()).isEqualTo(person.id());
		assertThat(signOut.get("clientId").asString()).isEqualTo("demo-web");
		assertThat(signOut.get("detail").asString()).isEqualTo("device " + lostDevice);
		assertThat(only(events, "device.signed-out-everywhere").get("detail").asString()).isEqualTo("1 device(s)");
		assertThat(events).filteredOn((event) -> event.get("action").asString().equals("token.family-revoked"))
			.hasSize(2)
			.allSatisfy((event) -> assertThat(event.get("actor").asString()).isEqualTo(person.id()));
	}

	@Test
	void entitlementChangesAreRecordedWithTheActorOfTheChange() throws Exception {
		Person person = this.people.signUp("audit-entitlements@example.com", PASSWORD, null);
		AccountId id = new AccountId(person.id());

		this.entitlements.compTier(id, "premium", null, new Change("ops-audit", "goodwill"));
		this.entitlements.endComp(id, new Change("billing", "subscription ended"));

		List<JsonNode> events = audit("subject=" + person.id());
		assertThat(actions(events)).containsExactly("entitlements.end-comp", "entitlements.comp-tier");
		assertThat(events.get(1).get("actor").asString()).isEqualTo("ops-audit");
		assertThat(events.get(1).get("detail").asString()).isEqualTo("ver 1");
		assertThat(events.get(0).get("actor").asString()).isEqualTo("billing");
		assertThat(events.get(0).get("detail").asString()).isEqualTo("ver 2; rights reduced");
	}

	@Test
	void adminActionsAreRecordedWithTheOperatorAndThePathTemplate() throws Exception {
		Person person = this.people.signUp("audit-admin@example.com", PASSWORD, null);

		Response granted = this.api.send("POST", "/admin/users/" + person.id() + "/grants", this.adminToken,
				"{\"type\":\"tier\",\"tier\":\"standard\",\"reason\":\"support case\"}");
		Response refused = this.api.send("POST", "/admin/users/" + person.id() + "/grants", this.adminToken,
				"{\"type\":\"tier\",\"tier\":\"platinum\",\"reason\":\"typo\"}");
		this.api.get("/admin/users/" + person.id() + "/grants", this.adminToken);

		assertThat(granted.status()).isEqualTo(201);
		assertThat(refused.status()).isEqualTo(400);
		List<JsonNode> requests = audit("subject=" + person.id() + "&action=admin.request");
		assertThat(requests).hasSize(2).allSatisfy((request) -> {
			assertThat(request.get("actor").asString()).isEqualTo("demo-admin");
			assertThat(request.get("clientId").asString()).isEqualTo("demo-admin");
		});
		assertThat(requests.get(0).get("outcome").asString()).isEqualTo("failure");
		assertThat(requests.get(0).get("detail").asString()).isEqualTo("POST /admin/users/{userId}/grants 400");
		assertThat(requests.get(1).get("outcome").asString()).isEqualTo("success");
		assertThat(requests.get(1).get("detail").asString()).isEqualTo("POST /admin/users/{userId}/grants 201");
		assertThat(only(audit("subject=" + person.id()), "entitlements.comp-tier").get("actor").asString())
			.isEqualTo("demo-admin");
	}

	@Test
	void auditLogIsNewestFirstAndFilteredByTimeAndLimit() throws Exception {
		Person person = this.people.signUp("audit-filters@example.com", PASSWORD, null);
		AccountId id = new AccountId(person.id());
		long before = Instant.now().getEpochSecond();
		for (String tier : List.of("basic", "standard", "premium")) {
			this.entitlements.compTier(id, tier, null, new Change("ops", "filters"));
		}
		long after = Instant.now().getEpochSecond();

		List<JsonNode> all = audit("subject=" + person.id());
		List<JsonNode> two = audit("subject=" + person.id() + "&limit=2");
		List<JsonNode> inWindow = audit("subject=" + person.id() + "&from=" + before + "&to=" + after);
		List<JsonNode> beforeWindow = audit("subject=" + person.id() + "&to=" + (before - 1));
		List<JsonNode> otherActor = audit("subject=" + person.id() + "&actor=someone-else");

		assertThat(all).hasSize(3);
		assertThat(all).extracting((event) -> event.get("id").asLong()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		assertThat(all.get(0).get("detail").asString()).isEqualTo("ver 3");
		assertThat(two).extracting((event) -> event.get("id").asLong())
			.containsExactly(all.get(0).get("id").asLong(), all.get(1).get("id").asLong());
		assertThat(inWindow).hasSize(3);
		assertThat(beforeWindow).isEmpty();
		assertThat(otherActor).isEmpty();
	}

	@Test
	void badFiltersAreBadRequestProblems() throws Exception {
		for (String query : List.of("limit=501", "limit=0", "limit=-1", "from=20&to=10", "from=abc", "to=1e9",
				"from=-5", "to=99999999999999")) {
			Response response = this.api.get("/admin/audit?" + query, this.adminToken);

			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.header("Content-Type")).as(query).startsWith("application/problem+json");
		}
		assertThat(this.api.get("/admin/audit?limit=500", this.adminToken).status()).isEqualTo(200);
	}

	@Test
	void auditLogNeedsTheAdminScope() throws Exception {
		String reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");

		assertThat(this.api.get("/admin/audit", reader).status()).isEqualTo(403);
		assertThat(this.api.get("/admin/audit", null).status()).isEqualTo(401);
	}

	private List<JsonNode> audit(String query) throws Exception {
		Response response = this.api.get("/admin/audit?" + query, this.adminToken);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		response.json().forEach(events::add);
		return events;
	}

	private static List<String> actions(List<JsonNode> events) {
		return events.stream().map((event) -> event.get("action").asString()).toList();
	}

	private static JsonNode only(List<JsonNode> events, String action) {
		List<JsonNode> matching = events.stream().filter((event) -> event.get("action").asString().equals(action))
			.toList();
		assertThat(matching).as(action).hasSize(1);
		return matching.get(0);
	}

	/** Every column of every audit row, read straight from the table, is searched for each value. */
	private void assertNoAuditRowContains(String... values) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from audit_event");
		assertThat(rows).isNotEmpty();
		for (Map<String, Object> row : rows) {
			for (Object column : row.values()) {
				String text = String.valueOf(column);
				assertThat(text).as("a JWT").doesNotContain("eyJ");
				for (String value : values) {
					assertThat(text).doesNotContainIgnoringCase(value);
				}
			}
		}
	}

}
