package io.turnstile.auth.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/entitlements/changes}: ordered entries for every change that takes a right away, an
 * opaque cursor, long polling, and the errors a follower must handle.
 */
@TurnstileTest
class ChangeFeedIntegrationTests {

	static final Change OPERATOR = new Change("test-operator", "feed tests");

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JdbcTemplate jdbc;

	ApiTestClient api;

	String reader;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiTestClient(new OAuthTestClient(this.port));
		this.reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");
	}

	@Test
	void rightsTakenAwayAppearInOrderAfterTheCursorAndUpgradesDoNot() throws Exception {
		Person person = this.people.signUp("feed-order@example.com", "correct horse battery", null);
		AccountId id = new AccountId(person.id());
		String cursor = this.api.get("/api/entitlements/changes", this.reader).json().get("cursor").asString();

		this.entitlements.compTier(id, "premium", null, OPERATOR);
		this.entitlements.compTier(id, "basic", null, OPERATOR);
		this.entitlements.endComp(id, OPERATOR);
		JsonNode page = this.api.get("/api/entitlements/changes?after=" + cursor, this.reader).json();

		java.util.List<JsonNode> mine = filter(page, person.id());
		assertThat(mine).hasSize(2);
		assertThat(mine.get(0).get("ver").asLong()).isEqualTo(2);
		assertThat(mine.get(0).get("reason").asString()).isEqualTo("comp-tier");
		assertThat(mine.get(1).get("ver").asLong()).isEqualTo(3);
		assertThat(mine.get(1).get("reason").asString()).isEqualTo("end-comp");
		assertThat(mine.get(0).get("seq").asLong()).isLessThan(mine.get(1).get("seq").asLong());
		assertThat(mine.get(0).get("revokedDeviceIds").size()).isZero();
		assertThat(mine.get(0).get("at").asLong()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
		String next = page.get("cursor").asString();
		assertThat(filter(this.api.get("/api/entitlements/changes?after=" + next, this.reader).json(), person.id()))
			.isEmpty();
	}

	@Test
	void longPollAnswersAsSoonAsAChangeArrives() throws Exception {
		Person person = this.people.signUp("feed-wait@example.com", "correct horse battery", null);
		AccountId id = new AccountId(person.id());
		this.entitlements.compTier(id, "premium", null, OPERATOR);
		String cursor = this.api.get("/api/entitlements/changes", this.reader).json().get("cursor").asString();
		while (true) {
			JsonNode page = this.api.get("/api/entitlements/changes?after=" + cursor, this.reader).json();
			if (page.get("changes").isEmpty()) {
				break;
			}
			cursor = page.get("cursor").asString();
		}
		String head = cursor;

		long started = System.nanoTime();
		CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return this.api.get("/api/entitlements/changes?wait=20&after=" + head, this.reader);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(300);
		this.entitlements.endComp(id, OPERATOR);
		Response answer = waiting.get(15, TimeUnit.SECONDS);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(filter(answer.json(), person.id())).singleElement()
			.satisfies((change) -> assertThat(change.get("reason").asString()).isEqualTo("end-comp"));
	}

	@Test
	void feedNeedsTheReadScopeAndRefusesForeignCursorsAndLongWaits() throws Exception {
		String admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");

		assertThat(this.api.get("/api/entitlements/changes", admin).status()).isEqualTo(403);
		assertThat(this.api.get("/api/entitlements/changes", null).status()).isEqualTo(401);
		Response forged = this.api.get("/api/entitlements/changes?after=12", this.reader);
		assertThat(forged.status()).isEqualTo(400);
		assertThat(forged.json().get("type").asString()).isEqualTo("/problems/malformed-request");
		assertThat(this.api.get("/api/entitlements/changes?wait=31", this.reader).status()).isEqualTo(400);
	}

	@Test
	void cursorOlderThanTheRetainedFeedIsGone() throws Exception {
		Person person = this.people.signUp("feed-expired@example.com", "correct horse battery", null);
		this.entitlements.compTier(new AccountId(person.id()), "premium", null, OPERATOR);
		this.entitlements.endComp(new AccountId(person.id()), OPERATOR);
		this.jdbc.update("delete from entitlement_feed where seq < (select max(seq) from entitlement_feed)");

		Response expired = this.api.get("/api/entitlements/changes?after=" + ChangeFeedController.encode(0), this.reader);

		assertThat(expired.status()).isEqualTo(410);
		assertThat(expired.json().get("type").asString()).isEqualTo("/problems/feed-cursor-expired");
	}

	private static java.util.List<JsonNode> filter(JsonNode page, String userId) {
		return page.get("changes")
			.valueStream()
			.filter((change) -> change.has("userId") && userId.equals(change.get("userId").asString()))
			.toList();
	}

}
