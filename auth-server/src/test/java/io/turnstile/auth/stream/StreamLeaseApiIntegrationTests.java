package io.turnstile.auth.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/streams} end to end: people signed in on real devices (each sign-in is a device with its own
 * {@code did}), plans comped by an operator, and the answers a player acts on.
 */
@TurnstileTest
class StreamLeaseApiIntegrationTests {

	static final Change OPERATOR = new Change("test-operator", "stream lease tests");

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	OAuthTestClient oauth;

	ApiTestClient api;

	@BeforeEach
	void setUp() {
		this.oauth = new OAuthTestClient(this.port);
		this.api = new ApiTestClient(this.oauth);
	}

	@Test
	void streamIsStartedListedHeartbeatAndStopped() throws Exception {
		Person person = person("streams-lifecycle@example.com", "standard");
		Device phone = signIn(person);

		Response started = start(phone, "title-1", null);
		assertThat(started.status()).as(started.body()).isEqualTo(201);
		JsonNode lease = started.json();
		String leaseId = lease.get("leaseId").asString();
		assertThat(started.header("Location")).endsWith("/api/streams/" + leaseId);
		assertThat(fieldNames(lease)).containsExactlyInAnyOrder("leaseId", "contentId", "deviceId", "startedAt",
				"expiresAt");
		assertThat(lease.get("contentId").asString()).isEqualTo("title-1");
		assertThat(lease.get("deviceId").asString()).isEqualTo(phone.id());
		assertThat(lease.get("expiresAt").asLong() - lease.get("startedAt").asLong()).isEqualTo(60);

		Response listed = this.api.get("/api/streams", phone.token());
		assertThat(listed.status()).isEqualTo(200);
		assertThat(leaseIds(listed.json())).containsExactly(leaseId);

		Response heartbeat = this.api.send("PUT", "/api/streams/" + leaseId, phone.token(), null);
		assertThat(heartbeat.status()).as(heartbeat.body()).isEqualTo(200);
		assertThat(heartbeat.json().get("leaseId").asString()).isEqualTo(leaseId);
		assertThat(heartbeat.json().get("expiresAt").asLong()).isGreaterThanOrEqualTo(lease.get("expiresAt").asLong());

		Response stopped = this.api.send("DELETE", "/api/streams/" + leaseId, phone.token(), null);
		assertThat(stopped.status()).isEqualTo(204);
		assertThat(this.api.get("/api/streams", phone.token()).json().isEmpty()).isTrue();
		Response heartbeatAfterStop = this.api.send("PUT", "/api/streams/" + leaseId, phone.token(), null);
		assertProblem(heartbeatAfterStop, 404, "/problems/unknown-stream");
	}

	@Test
	void thirdConcurrentStreamOnATwoStreamPlanIsAConflictListingBothActiveStreams() throws Exception {
		Person person = person("streams-limit@example.com", "standard");
		Device phone = signIn(person);
		Device tv = signIn(person);
		String first = start(phone, "title-1", null).json().get("leaseId").asString();
		String second = start(tv, "title-2", null).json().get("leaseId").asString();

		Response third = start(tv, "title-3", null);

		assertProblem(third, 409, "/problems/stream-limit-reached");
		JsonNode problem = third.json();
		assertThat(problem.get("limit").asInt()).isEqualTo(2);
		assertThat(leaseIds(problem.get("activeStreams"))).containsExactlyInAnyOrder(first, second);
		JsonNode item = problem.get("activeStreams").get(0);
		assertThat(fieldNames(item)).containsExactlyInAnyOrder("leaseId", "contentId", "deviceId", "startedAt",
				"expiresAt");
		assertThat(leaseIds(this.api.get("/api/streams", phone.token()).json()))
			.containsExactlyInAnyOrder(first, second);
	}

	@Test
	void handoffMovesTheStreamToAnotherDeviceInOneStepEvenAtTheLimit() throws Exception {
		Person person = person("streams-handoff@example.com", "basic");
		Device phone = signIn(person);
		Device tv = signIn(person);
		String onPhone = start(phone, "title-1", null).json().get("leaseId").asString();
		assertProblem(start(tv, "title-1", null), 409, "/problems/stream-limit-reached");

		Response handedOff = start(tv, "title-1", onPhone);

		assertThat(handedOff.status()).as(handedOff.body()).isEqualTo(201);
		assertThat(handedOff.json().get("deviceId").asString()).isEqualTo(tv.id());
		String onTv = handedOff.json().get("leaseId").asString();
		assertThat(leaseIds(this.api.get("/api/streams", tv.token()).json())).containsExactly(onTv);
		assertProblem(this.api.send("PUT", "/api/streams/" + onPhone, phone.token(), null), 404,
				"/problems/unknown-stream");
	}

	@Test
	void someoneElsesLeaseCannotBeHandedOffHeartbeatOrStopped() throws Exception {
		Device owner = signIn(person("streams-owner@example.com", "premium"));
		Device intruder = signIn(person("streams-intruder@example.com", "premium"));
		String owners = start(owner, "title-1", null).json().get("leaseId").asString();

		assertProblem(start(intruder, "title-1", owners), 404, "/problems/unknown-stream");
		assertProblem(this.api.send("PUT", "/api/streams/" + owners, intruder.token(), null), 404,
				"/problems/unknown-stream");
		assertProblem(this.api.send("DELETE", "/api/streams/" + owners, intruder.token(), null), 404,
				"/problems/unknown-stream");

		assertThat(leaseIds(this.api.get("/api/streams", owner.token()).json())).containsExactly(owners);
		assertThat(this.api.get("/api/streams", intruder.token()).json().isEmpty()).isTrue();
	}

	@Test
	void deviceOtherThanTheTokensIsRefusedAsDeviceMismatch() throws Exception {
		Device phone = signIn(person("streams-device@example.com", "premium"));

		Response response = this.api.send("POST", "/api/streams", phone.token(),
				"{\"contentId\":\"title-1\",\"deviceId\":\"someone-elses-tv\"}");

		assertProblem(response, 403, "/problems/device-mismatch");
		assertThat(this.api.get("/api/streams", phone.token()).json().isEmpty()).isTrue();
	}

	@Test
	void serviceTokenWithoutEntitlementsIsForbidden() throws Exception {
		String service = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");

		assertProblem(this.api.get("/api/streams", service), 403, "/problems/forbidden");
		assertProblem(this.api.send("POST", "/api/streams", service,
				"{\"contentId\":\"title-1\",\"deviceId\":\"backend\"}"), 403, "/problems/forbidden");
	}

	@Test
	void malformedOrIncompleteStartIsABadRequestProblemAndNoTokenIsUnauthorized() throws Exception {
		Device phone = signIn(person("streams-malformed@example.com", "premium"));

		assertProblem(this.api.send("POST", "/api/streams", phone.token(), "{\"contentId\":"), 400,
				"/problems/malformed-request");
		assertProblem(this.api.send("POST", "/api/streams", phone.token(), "{\"deviceId\":\"" + phone.id() + "\"}"),
				400, "/problems/malformed-request");
		assertProblem(this.api.send("POST", "/api/streams", phone.token(),
				"{\"contentId\":\"" + "x".repeat(201) + "\",\"deviceId\":\"" + phone.id() + "\"}"), 400,
				"/problems/invalid-request");
		assertProblem(this.api.send("PUT", "/api/streams/not-a-lease-id", phone.token(), null), 404,
				"/problems/unknown-stream");
		assertThat(this.api.get("/api/streams", null).status()).isEqualTo(401);
		assertThat(this.api.get("/api/streams", phone.token()).json().isEmpty()).isTrue();
	}

	@Test
	void fiftySimultaneousStartsOnATwoStreamPlanGiveExactlyTwoLeases() throws Exception {
		Device phone = signIn(person("streams-race@example.com", "standard"));
		int attempts = 50;
		CountDownLatch ready = new CountDownLatch(attempts);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(attempts);
		try {
			List<Future<Response>> results = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				String content = "title-" + i;
				Callable<Response> call = () -> {
					ready.countDown();
					go.await();
					return start(phone, content, null);
				};
				results.add(pool.submit(call));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<Integer> statuses = new ArrayList<>();
			List<String> started = new ArrayList<>();
			for (Future<Response> result : results) {
				Response response = result.get(60, TimeUnit.SECONDS);
				statuses.add(response.status());
				if (response.status() == 201) {
					started.add(response.json().get("leaseId").asString());
				}
			}

			assertThat(statuses).filteredOn((status) -> status == 201).hasSize(2);
			assertThat(statuses).filteredOn((status) -> status == 409).hasSize(attempts - 2);
			assertThat(leaseIds(this.api.get("/api/streams", phone.token()).json()))
				.containsExactlyInAnyOrderElementsOf(started);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private Person person(String email, String tier) {
		Person person = this.people.signUp(email, PASSWORD, null);
		this.entitlements.compTier(new AccountId(person.id()), tier, null, OPERATOR);
		return person;
	}

	/** Signs the person in once more: a new device with its own {@code did}. */
	private Device signIn(Person person) throws Exception {
		String token = this.oauth.signIn(person.email(), PASSWORD, "openid").getAccessToken().getValue();
		String did = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("did");
		assertThat(did).isNotBlank();
		return new Device(did, token);
	}

	private Response start(Device device, String contentId, String handoffFrom) throws Exception {
		String body = "{\"contentId\":\"" + contentId + "\",\"deviceId\":\"" + device.id() + "\""
				+ ((handoffFrom != null) ? ",\"handoffFrom\":\"" + handoffFrom + "\"" : "") + "}";
		return this.api.send("POST", "/api/streams", device.token(), body);
	}

	private static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).isEqualTo(type);
	}

	private static List<String> leaseIds(JsonNode leases) {
		return leases.valueStream().map((lease) -> lease.get("leaseId").asString()).toList();
	}

	private static List<String> fieldNames(JsonNode node) {
		return node.propertyNames().stream().toList();
	}

	record Device(String id, String token) {
	}

}
