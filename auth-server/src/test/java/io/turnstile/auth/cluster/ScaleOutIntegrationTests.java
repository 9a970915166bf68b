package io.turnstile.auth.cluster;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Authorization;
import io.turnstile.auth.OAuthTestClient.Browser;
import io.turnstile.auth.PostgresAvailable;
import io.turnstile.auth.PostgresTestDatabase;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.cluster.TestNodes.Node;
import io.turnstile.auth.keys.SigningKeys;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeSignatures;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.ExclusiveTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one PostgreSQL database, one issuer, no sticky sessions: every flow that may cross nodes
 * does, and everything that must happen once happens once however the requests are spread.
 */
@PostgresAvailable
class ScaleOutIntegrationTests {

	static final String PASSWORD = "correct horse battery";

	static final ClientID TV = new ClientID("demo-tv");

	static PostgresTestDatabase database;

	static TestNodes nodes;

	static Node a;

	static Node b;

	@BeforeAll
	static void startTwoNodes() {
		database = PostgresTestDatabase.create();
		try {
			nodes = TestNodes.start(database);
		}
		catch (RuntimeException ex) {
			database.close();
			throw ex;
		}
		a = nodes.a();
		b = nodes.b();
	}

	@AfterAll
	static void stopTwoNodes() {
		try {
			if (nodes != null) {
				nodes.close();
			}
		}
		finally {
			database.close();
		}
	}

	@Test
	void signInStartedOnNodeAFinishesOnNodeB() throws Exception {
		Person person = person("cross-node-sign-in");
		CookieManager cookies = new CookieManager();
		Browser onA = a.oauth().browser(cookies);
		Browser onB = b.oauth().browser(cookies);
		Authorization authorization = a.oauth()
			.authorization(OAuthTestClient.DEMO_WEB, OAuthTestClient.DEMO_WEB_REDIRECT, "openid profile offline_access");

		HttpResponse<String> started = onA.get(authorization.requestUri());
		assertThat(started.statusCode()).isEqualTo(302);
		assertThat(location(started).getPath()).isEqualTo("/login");
		HttpResponse<String> signedIn = onB.signIn(person.email(), PASSWORD);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		URI saved = location(signedIn);
		assertThat(saved.getPath()).as("the request saved on A, found on B").isEqualTo("/oauth2/authorize");
		URI callback = onB.authorize(new Authorization(authorization.client(), authorization.redirect(),
				authorization.scope(), authorization.state(), authorization.nonce(), authorization.verifier(),
				on(b, saved)), person.email(), PASSWORD);

		assertThat(callback.toString()).startsWith(OAuthTestClient.DEMO_WEB_REDIRECT.toString());
		assertThat(OAuthTestClient.queryParameter(callback, "state")).isEqualTo(authorization.state().getValue());
		OIDCTokens tokens = ((OIDCTokenResponse) OAuthTestClient
			.parseOidc(a.oauth().exchangeCode(OAuthTestClient.DEMO_WEB,
					new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")),
					OAuthTestClient.DEMO_WEB_REDIRECT, authorization.verifier()))
			.toSuccessResponse()).getOIDCTokens();
		assertThat(tokens.getIDToken().getJWTClaimsSet().getIssuer()).isEqualTo(a.issuer());
		assertThat(tokens.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(person.id());
		assertThat(tokens.getRefreshToken()).isNotNull();
		for (Node node : List.of(a, b)) {
			assertThat(new UserInfoRequest(node.oauth().uri("/userinfo"), tokens.getBearerAccessToken()).toHTTPRequest()
				.send()
				.getStatusCode()).as("userinfo on " + node.name()).isEqualTo(200);
		}
		assertThat(database.jdbc().queryForObject("select count(*) from spring_session where principal_name = ?",
				Integer.class, person.id())).as("the session lives in the database").isEqualTo(1);
	}

	@Test
	void deviceCodeRequestedOnNodeAApprovedOnNodeBIsPolledOnNodeA() throws Exception {
		Person person = person("cross-node-tv");
		DeviceAuthorizationResponse requested = DeviceAuthorizationResponse
			.parse(new DeviceAuthorizationRequest.Builder(TV).scope(Scope.parse("profile entitlements offline_access"))
				.customParameter("device_name", "Kitchen TV")
				.endpointURI(a.oauth().uri("/oauth2/device_authorization"))
				.build()
				.toHTTPRequest()
				.send());
		DeviceAuthorizationSuccessResponse authorization = requested.toSuccessResponse();
		assertThat(authorization.getVerificationURI().toString()).startsWith(a.issuer());

		Browser phone = b.oauth().browser();
		phone.signIn(person.email(), PASSWORD);
		HttpResponse<String> confirm = phone.submit(b.oauth().uri("/activate"), b.oauth().uri("/activate"),
				Map.of("user_code", List.of(authorization.getUserCode().getValue())));
		assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
		HttpResponse<String> consent = phone.post(b.oauth().uri("/oauth2/device_verification"),
				Map.of("user_code", List.of(OAuthTestClient.hiddenValue(confirm.body(), "user_code")), "_csrf",
						List.of(OAuthTestClient.hiddenValue(confirm.body(), "_csrf"))));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
		HttpResponse<String> consentPage = phone.get(on(b, location(consent)));
		Map<String, List<String>> allow = new LinkedHashMap<>();
		allow.put("client_id", List.of("demo-tv"));
		allow.put("state", List.of(OAuthTestClient.hiddenValue(consentPage.body(), "state")));
		allow.put("user_code", List.of(OAuthTestClient.hiddenValue(consentPage.body(), "user_code")));
		allow.put("scope", List.of("profile", "entitlements", "offline_access"));
		allow.put("_csrf", List.of(OAuthTestClient.hiddenValue(consentPage.body(), "_csrf")));
		HttpResponse<String> done = phone.post(b.oauth().uri("/oauth2/device_verification"), allow);
		assertThat(location(done).getPath()).isEqualTo("/activate/done");

		HTTPResponse polled = new TokenRequest(a.oauth().uri("/oauth2/token"), TV,
				new DeviceCodeGrant(authorization.getDeviceCode()))
			.toHTTPRequest()
			.send();

		Tokens tokens = TokenResponse.parse(polled).toSuccessResponse().getTokens();
		var claims = SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo(person.id());
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-tv");
		assertThat(claims.getStringClaim("did")).isNotBlank();
		assertThat(tokens.getRefreshToken()).isNotNull();
	}

	@Test
	void tokenIssuedByNodeAIsIntrospectedAndRevokedOnNodeBThenRefusedOnNodeA() throws Exception {
		Person person = person("cross-node-revoke");
		AccessToken token = serviceToken(a, "entitlements.read");
		String entitlements = "/api/users/" + person.id() + "/entitlements";
		assertThat(a.api().get(entitlements, token.getValue()).status()).isEqualTo(200);

		assertThat(b.oauth().introspect(OAuthTestClient.admin(), token).isActive()).isTrue();
		assertThat(b.oauth().revoke(OAuthTestClient.admin(), token).getStatusCode()).isEqualTo(200);

		assertThat(a.oauth().introspect(OAuthTestClient.admin(), token).isActive()).isFalse();
		Response refused = a.api().get(entitlements, token.getValue());
		assertThat(refused.status()).isEqualTo(401);
		assertThat(b.api().get(entitlements, token.getValue()).status()).isEqualTo(401);
	}

	@Test
	void refreshTokenReusedOnTheOtherNodeRevokesTheWholeFamily() throws Exception {
		Person person = person("cross-node-refresh");
		OIDCTokens signedIn = a.oauth().signIn(person.email(), PASSWORD, "openid offline_access");
		Tokens rotated = TokenResponse.parse(a.oauth().refresh(OAuthTestClient.DEMO_WEB, signedIn.getRefreshToken()))
			.toSuccessResponse()
			.getTokens();

		HTTPResponse reused = b.oauth().refresh(OAuthTestClient.DEMO_WEB, signedIn.getRefreshToken());

		assertThat(TokenErrorResponse.parse(reused).getErrorObject().getCode()).isEqualTo("invalid_grant");
		HTTPResponse latest = a.oauth().refresh(OAuthTestClient.DEMO_WEB, rotated.getRefreshToken());
		assertThat(TokenErrorResponse.parse(latest).getErrorObject().getCode()).as("the family is revoked")
			.isEqualTo("invalid_grant");
		assertThat(a.oauth().introspect(rotated.getAccessToken()).isActive()).isFalse();
		assertThat(new UserInfoRequest(b.oauth().uri("/userinfo"), rotated.getBearerAccessToken()).toHTTPRequest()
			.send()
			.getStatusCode()).isEqualTo(401);
	}

	@Test
	void sameStripeEventPostedToBothNodesAtOnceIsAppliedOnce() throws Exception {
		Person person = person("cross-node-webhook");
		TestStripeEvents.Scenario scenario = TestStripeEvents.scenario(person.id());
		TestStripeEvents.Event paid = scenario.event("invoice.paid");
		String body = paid.json();
		String signature = TestStripeSignatures.header(body);
		HttpClient http = HttpClient.newHttpClient();
		int deliveries = 8;
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(deliveries);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < deliveries; i++) {
				Node node = (i % 2 == 0) ? a : b;
				statuses.add(pool.submit(() -> {
					go.await();
					return http.send(HttpRequest.newBuilder(node.oauth().uri("/billing/stripe/webhook"))
						.header("Content-Type", "application/json; charset=utf-8")
						.header("Stripe-Signature", signature)
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
				}));
			}
			go.countDown();
			for (Future<Integer> status : statuses) {
				assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}

		JdbcTemplate jdbc = database.jdbc();
		assertThat(jdbc.queryForList("select state from billing_stripe_event where id = ?", String.class, paid.id()))
			.containsExactly("applied");
		assertThat(jdbc.queryForObject("select count(*) from billing_ledger_entry where object_id = ?", Integer.class,
				scenario.invoice())).isEqualTo(1);
	}

	@Test
	void fiftyConcurrentLeaseStartsSplitAcrossBothNodesOnATwoStreamPlanGiveExactlyTwoLeases() throws Exception {
		Person person = person("cross-node-streams");
		a.bean(Entitlements.class)
			.compTier(new AccountId(person.id()), "standard", null, new Change("scale-out test", "two streams"));
		String token = a.oauth().signIn(person.email(), PASSWORD, "openid").getAccessToken().getValue();
		String did = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("did");
		int attempts = 50;
		CountDownLatch ready = new CountDownLatch(attempts);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(attempts);
		List<Integer> statuses = new ArrayList<>();
		List<String> started = new ArrayList<>();
		try {
			List<Future<Response>> results = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				Node node = (i % 2 == 0) ? a : b;
				String body = "{\"contentId\":\"title-" + i + "\",\"deviceId\":\"" + did + "\"}";
				Callable<Response> start = () -> {
					ready.countDown();
					go.await();
					return node.api().send("POST", "/api/streams", token, body);
				};
				results.add(pool.submit(start));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			for (Future<Response> result : results) {
				Response response = result.get(60, TimeUnit.SECONDS);
				statuses.add(response.status());
				if (response.status() == 201) {
					started.add(response.json().get("leaseId").asString());
				}
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(statuses).filteredOn((status) -> status == 201).hasSize(2);
		assertThat(statuses).filteredOn((status) -> status == 409).hasSize(attempts - 2);
		for (Node node : List.of(a, b)) {
			assertThat(node.api().get("/api/streams", token).json().valueStream()
				.map((lease) -> lease.get("leaseId").asString())
				.toList()).as("leases seen on " + node.name()).containsExactlyInAnyOrderElementsOf(started);
		}
	}

	@Test
	void keyRotatedOnNodeAIsAcceptedAtOnceAndPublishedAndUsedByNodeB() throws Exception {
		Person person = person("cross-node-rotation");
		String entitlements = "/api/users/" + person.id() + "/entitlements";
		String oldKid = kid(serviceToken(b, "entitlements.read"));

		String newKid = a.bean(SigningKeys.class).rotateNow();

		AccessToken fromA = serviceToken(a, "entitlements.read");
		assertThat(kid(fromA)).isEqualTo(newKid).isNotEqualTo(oldKid);
		assertThat(b.api().get(entitlements, fromA.getValue()).status()).as("B verifies A's new key at once")
			.isEqualTo(200);
		assertThat(publishedKids(b)).as("B's JWKS").contains(newKid, oldKid);
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(kid(serviceToken(b, "entitlements.read"))).isEqualTo(newKid));
	}

	@Test
	void dueRotationCheckedByBothNodesAtOncePublishesOneNextKeyThenActivatesItOnce() throws Exception {
		JdbcTemplate jdbc = database.jdbc();
		String active = a.bean(SigningKeys.class).activeKeyId();
		Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(31)));
		jdbc.update("update signing_key set created_at = ?, activated_at = ? where kid = ?", longAgo, longAgo, active);

		atOnceOnBothNodes((node) -> node.bean(SigningKeys.class).rotateIfDue());

		assertThat(kids(jdbc, "NEXT")).hasSize(1);
		assertThat(kids(jdbc, "ACTIVE")).containsExactly(active);
		String next = kids(jdbc, "NEXT").get(0);
		assertThat(publishedKids(a)).contains(active, next);
		assertThat(publishedKids(b)).contains(active, next);
		Timestamp publishedAWhileAgo = Timestamp.from(Instant.now().minus(Duration.ofMinutes(30)));
		jdbc.update("update signing_key set created_at = ? where kid = ?", publishedAWhileAgo, next);

		atOnceOnBothNodes((node) -> node.bean(SigningKeys.class).rotateIfDue());

		assertThat(kids(jdbc, "ACTIVE")).containsExactly(next);
		assertThat(kids(jdbc, "NEXT")).isEmpty();
		assertThat(kids(jdbc, "RETIRED")).contains(active);
		for (Node node : List.of(a, b)) {
			assertThat(node.bean(SigningKeys.class).activeKeyId()).as("signing key of " + node.name()).isEqualTo(next);
			assertThat(kid(serviceToken(node, "entitlements.read"))).isEqualTo(next);
			assertThat(publishedKids(node)).contains(active, next);
		}
	}

	@Test
	void exclusiveTaskRunsOnOneNodeAtATime() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<?> onA = pool.submit(() -> a.bean(ExclusiveTasks.class)
				.run("scale-out-test", Duration.ofMinutes(1), Duration.ZERO, () -> {
					runs.incrementAndGet();
					running.countDown();
					awaitQuietly(finish);
				}));
			assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

			b.bean(ExclusiveTasks.class).run("scale-out-test", Duration.ofMinutes(1), Duration.ZERO, runs::incrementAndGet);
			assertThat(runs).as("B skipped the round while A held the lock").hasValue(1);

			finish.countDown();
			onA.get(30, TimeUnit.SECONDS);
			b.bean(ExclusiveTasks.class).run("scale-out-test", Duration.ofMinutes(1), Duration.ZERO, runs::incrementAndGet);
			assertThat(runs).as("B runs once A is done").hasValue(2);
		}
		finally {
			finish.countDown();
			pool.shutdownNow();
		}
	}

	private static Person person(String name) {
		return a.bean(People.class).signUp(name + "-" + UUID.randomUUID() + "@example.com", PASSWORD, null);
	}

	private static AccessToken serviceToken(Node node, String scope) throws Exception {
		return TokenResponse.parse(node.oauth().clientCredentials(OAuthTestClient.admin(), scope))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken();
	}

	private static String kid(AccessToken token) throws Exception {
		return SignedJWT.parse(token.getValue()).getHeader().getKeyID();
	}

	private static List<String> publishedKids(Node node) throws Exception {
		return JWKSet.load(node.oauth().uri("/oauth2/jwks").toURL()).getKeys().stream().map(JWK::getKeyID).toList();
	}

	private static List<String> kids(JdbcTemplate jdbc, String state) {
		return jdbc.queryForList("select kid from signing_key where state = ? order by created_at", String.class, state);
	}

	/** The same call on both nodes, released at the same moment. */
	private static void atOnceOnBothNodes(java.util.function.Consumer<Node> call) throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (Node node : List.of(a, b)) {
				calls.add(pool.submit(() -> {
					awaitQuietly(go);
					call.accept(node);
				}));
			}
			go.countDown();
			for (Future<?> done : calls) {
				done.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The same path and query on another node (what a load balancer does with the issuer's URL). */
	private static URI on(Node node, URI uri) {
		return URI.create(node.base() + uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
	}

	private static URI location(HttpResponse<String> response) {
		return URI.create(response.headers().firstValue("Location").orElseThrow());
	}

}
