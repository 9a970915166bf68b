package io.turnstile.auth.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.PostgresAvailable;
import io.turnstile.auth.PostgresTestDatabase;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.cluster.TestNodes.Node;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of a scaled-out deployment, on two nodes and PostgreSQL: the database's connections dropped, the
 * database away for a while, a node stopped in the middle of traffic. Requests fail cleanly (503 in the
 * endpoint's own error shape, never a stack trace), nodes recover without a restart, nothing acknowledged
 * is lost and nothing is applied twice. The node stop comes last: it ends node A.
 */
@PostgresAvailable
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeFaultIntegrationTests {

	static PostgresTestDatabase database;

	static TestNodes nodes;

	static Node a;

	static Node b;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void startTwoNodes() {
		database = PostgresTestDatabase.create();
		try {
			// A request waits 1 s for a connection before it answers 503; a stopped node stops at once.
			nodes = TestNodes.start(database, "--spring.datasource.hikari.connection-timeout=1000",
					"--server.shutdown=immediate");
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
	@Order(1)
	void droppedDatabaseConnectionsAreReplacedWithoutARestart() throws Exception {
		AccessToken token = serviceToken(a);
		for (Node node : List.of(a, b)) {
			assertThat(introspection(node, token).getStatusCode()).isEqualTo(200);
		}

		assertThat(database.terminateConnections()).as("connections the nodes held").isPositive();

		for (Node node : List.of(a, b)) {
			List<HTTPResponse> answers = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
				HTTPResponse answer = introspection(node, token);
				answers.add(answer);
				return answer.getStatusCode() == 200;
			});
			assertThat(answers.subList(0, answers.size() - 1)).as("failures on " + node.name() + " before recovery")
				.allSatisfy(NodeFaultIntegrationTests::assertTemporarilyUnavailable);
			assertThat(answers.size()).as("requests until " + node.name() + " recovered").isLessThanOrEqualTo(9);
		}
	}

	@Test
	@Order(2)
	void whileTheDatabaseIsAwayRequestsFailCleanlyAndOnceItIsBackTheNodesServeAgain() throws Exception {
		Person person = a.bean(People.class).signUp("away-" + UUID.randomUUID() + "@example.com", "correct horse battery",
				null);
		String entitlements = "/api/users/" + person.id() + "/entitlements";
		AccessToken token = serviceToken(b);
		assertThat(b.api().get(entitlements, token.getValue()).status()).isEqualTo(200);
		TestStripeEvents.Event paid = TestStripeEvents.scenario(person.id()).event("invoice.paid");

		database.acceptConnections(false);
		try {
			database.terminateConnections();

			// Introspection reads the revocation list; a client_credentials token request needs no database
			// while the client is cached (it stores nothing), so it is no probe for this.
			assertTemporarilyUnavailable(introspection(a, token));
			Response apiAnswer = b.api().get(entitlements, token.getValue());
			assertThat(apiAnswer.status()).as(apiAnswer.body()).isEqualTo(503);
			assertThat(apiAnswer.header("Content-Type")).startsWith("application/problem+json");
			assertThat(apiAnswer.json().get("type").asString()).isEqualTo("/problems/service-unavailable");
			assertThat(apiAnswer.header("Retry-After")).isNotBlank();
			assertThat(deliver(a, paid).statusCode()).as("Stripe retries a 5xx").isGreaterThanOrEqualTo(500);
			assertThat(get(a, "/actuator/health/readiness").statusCode()).as("out of the load balancer").isEqualTo(503);
			assertThat(get(a, "/actuator/health/liveness").statusCode()).as("no restart wanted").isEqualTo(200);
			HttpResponse<String> jwks = get(b, "/oauth2/jwks");
			assertThat(jwks.statusCode()).as("keys are served from memory").isEqualTo(200);
			assertThat(JWKSet.parse(jwks.body()).getKeys()).isNotEmpty();
		}
		finally {
			database.acceptConnections(true);
		}

		for (Node node : List.of(a, b)) {
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(introspection(node, token).getStatusCode()).isEqualTo(200));
			assertThat(tokenRequest(node).getStatusCode()).isEqualTo(200);
			assertThat(get(node, "/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(node.api().get(entitlements, token.getValue()).status()).isEqualTo(200);
		}
		assertThat(deliver(b, paid).statusCode()).as("Stripe's retry").isEqualTo(200);
		assertThat(state(paid.id())).isEqualTo("applied");
	}

	@Test
	@Order(3)
	void nodeStoppedInTheMiddleOfTrafficLosesNothingAndAppliesNothingTwice() throws Exception {
		AccessToken probe = serviceToken(a);
		for (Node node : List.of(a, b)) {
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> introspection(node, probe).getStatusCode() == 200);
		}
		Person person = b.bean(People.class).signUp("stop-" + UUID.randomUUID() + "@example.com", "correct horse battery",
				null);
		List<AccessToken> issuedByA = new CopyOnWriteArrayList<>();
		Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService traffic = Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < 2; i++) {
				traffic.submit(() -> {
					while (running.get()) {
						try {
							HTTPResponse answer = tokenRequest(a);
							if (answer.getStatusCode() == 200) {
								issuedByA.add(TokenResponse.parse(answer).toSuccessResponse().getTokens().getAccessToken());
							}
						}
						catch (Exception ex) {
							return; // The node went away mid-request: the client saw no token.
						}
					}
				});
				traffic.submit(() -> {
					while (running.get()) {
						TestStripeEvents.Scenario scenario = TestStripeEvents.scenario(person.id());
						TestStripeEvents.Event paid = scenario.event("invoice.paid");
						Delivery delivery = new Delivery(paid, scenario.invoice());
						deliveries.put(paid.id(), delivery);
						try {
							delivery.status = deliver(a, paid).statusCode();
						}
						catch (Exception ex) {
							return; // No answer: Stripe delivers it again later.
						}
					}
				});
			}
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> issuedByA.size() >= 10 && acknowledged(deliveries).size() >= 10);

			a.close();
			await().pollDelay(Duration.ofMillis(300)).until(() -> true);
		}
		finally {
			running.set(false);
			traffic.shutdown();
			assertThat(traffic.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}

		String entitlements = "/api/users/" + person.id() + "/entitlements";
		assertThat(issuedByA).allSatisfy((token) -> assertThat(b.api().get(entitlements, token.getValue()).status())
			.as("a token A issued, used on B").isEqualTo(200));
		assertThat(b.oauth().introspect(OAuthTestClient.admin(), issuedByA.get(issuedByA.size() - 1)).isActive()).isTrue();
		List<Delivery> acknowledged = acknowledged(deliveries);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			Map<String, String> states = states();
			assertThat(deliveries.values()).allSatisfy((delivery) -> assertThat(states.get(delivery.event.id()))
				.as("an event A stored is applied by B's retry; one A never stored is absent")
				.isIn(acknowledged.contains(delivery) ? List.of("applied") : Arrays.asList(null, "applied")));
		});
		Map<String, String> states = states();
		Map<String, Integer> ledger = ledgerRows();
		assertThat(deliveries.values()).allSatisfy((delivery) -> assertThat(ledger.getOrDefault(delivery.invoice, 0))
			.as("ledger rows of " + delivery.event.id() + ": never half-applied")
			.isEqualTo("applied".equals(states.get(delivery.event.id())) ? 1 : 0));

		for (Delivery delivery : deliveries.values()) {
			assertThat(deliver(b, delivery.event).statusCode()).as("Stripe delivers again, to B").isEqualTo(200);
		}
		Map<String, String> redelivered = states();
		Map<String, Integer> ledgerAfter = ledgerRows();
		assertThat(deliveries.values()).allSatisfy((delivery) -> {
			assertThat(redelivered.get(delivery.event.id())).isEqualTo("applied");
			assertThat(ledgerAfter.get(delivery.invoice)).isEqualTo(1);
		});
	}

	private static List<Delivery> acknowledged(Map<String, Delivery> deliveries) {
		return deliveries.values().stream().filter((delivery) -> delivery.status == 200).toList();
	}

	private static HTTPResponse tokenRequest(Node node) throws Exception {
		return node.oauth().clientCredentials(OAuthTestClient.admin(), "entitlements.read");
	}

	/** An OAuth request that needs the database: introspection reads the revocation list. */
	private static HTTPResponse introspection(Node node, AccessToken token) throws Exception {
		return new TokenIntrospectionRequest(node.oauth().uri("/oauth2/introspect"), OAuthTestClient.backend(), token)
			.toHTTPRequest()
			.send();
	}

	private static AccessToken serviceToken(Node node) throws Exception {
		return TokenResponse.parse(tokenRequest(node)).toSuccessResponse().getTokens().getAccessToken();
	}

	private static void assertTemporarilyUnavailable(HTTPResponse answer) {
		assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(503);
		assertThat(answer.getHeaderValue("Retry-After")).isNotBlank();
		assertThat(answer.getBody()).contains("\"error\":\"temporarily_unavailable\"").doesNotContain("Exception");
	}

	private HttpResponse<String> deliver(Node node, TestStripeEvents.Event event) throws Exception {
		String body = event.json();
		return this.http.send(HttpRequest.newBuilder(node.oauth().uri("/billing/stripe/webhook"))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json; charset=utf-8")
			.header("Stripe-Signature", TestStripeSignatures.header(body))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(Node node, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String state(String eventId) {
		return states().get(eventId);
	}

	/** Every stored Stripe event's state, by id. */
	private static Map<String, String> states() {
		Map<String, String> states = new HashMap<>();
		jdbc().query("select id, state from billing_stripe_event",
				(RowCallbackHandler) (row) -> states.put(row.getString("id"), row.getString("state")));
		return states;
	}

	/** Ledger rows per object (invoice). */
	private static Map<String, Integer> ledgerRows() {
		Map<String, Integer> rows = new HashMap<>();
		jdbc().query("select object_id, count(*) as n from billing_ledger_entry group by object_id",
				(RowCallbackHandler) (row) -> rows.put(row.getString("object_id"), row.getInt("n")));
		return rows;
	}

	private static JdbcTemplate jdbc() {
		return database.jdbc();
	}

	/** One webhook delivery: the event, its invoice, and the answer (0 when none came). */
	static final class Delivery {

		final TestStripeEvents.Event event;

		final String invoice;

		volatile int status;

		Delivery(TestStripeEvents.Event event, String invoice) {
			this.event = event;
			this.invoice = invoice;
		}

	}

}
