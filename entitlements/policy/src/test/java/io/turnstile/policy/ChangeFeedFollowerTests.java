package io.turnstile.policy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The change-feed follower against a local stand-in of the feed endpoint: what it remembers, how the
 * policy then decides, and what it does with an expired cursor.
 */
class ChangeFeedFollowerTests {

	static final ContentRequirement FREE_TITLE = ContentRequirement.of("title-1");

	HttpServer server;

	final Deque<String[]> answers = new ArrayDeque<>();

	final AtomicReference<String> lastQuery = new AtomicReference<>();

	final AtomicReference<String> lastAuthorization = new AtomicReference<>();

	MutableClock clock;

	ChangeFeedFollower follower;

	@BeforeEach
	void setUp() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/api/entitlements/changes", (exchange) -> {
			this.lastQuery.set(exchange.getRequestURI().getRawQuery());
			this.lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
			String[] answer = this.answers.isEmpty() ? new String[] { "200", "{\"cursor\":\"c1.same\",\"changes\":[]}" }
					: this.answers.poll();
			byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length == 0 ? -1 : body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
		this.clock = new MutableClock(TestTokens.NOW);
		this.follower = ChangeFeedFollower.builder()
			.feed(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/entitlements/changes"))
			.accessToken(() -> "service-token")
			.waitSeconds(1)
			.clock(this.clock)
			.build();
	}

	@AfterEach
	void tearDown() {
		this.follower.close();
		this.server.stop(0);
	}

	@Test
	void revokedTokenAndSignedOutDeviceAreDeniedAsRevoked() throws Exception {
		this.answers.add(new String[] { "200", "{\"cursor\":\"c1.Mg\",\"changes\":[{\"seq\":2,\"at\":1798000100,"
				+ "\"userId\":\"u-1\",\"revokedDeviceIds\":[\"tv-1\"],\"revokedTokenIds\":[\"jti-1\"],\"reason\":\"device-signed-out\"}]}" });

		this.follower.pollOnce();

		assertThat(decide(claims("u-1", "jti-1", "phone-1", 0))).isEqualTo(Decision.deny(Reason.TOKEN_REVOKED));
		assertThat(decide(claims("u-1", "jti-2", "tv-1", 0))).isEqualTo(Decision.deny(Reason.TOKEN_REVOKED));
		assertThat(decide(claims("u-1", "jti-3", "phone-1", 0)).permitted()).isTrue();
		assertThat(this.lastQuery.get()).isEqualTo("wait=1");
		assertThat(this.lastAuthorization.get()).isEqualTo("Bearer service-token");
	}

	@Test
	void tokenOlderThanTheLatestRightTakenAwayIsStaleAndTheCursorMovesOn() throws Exception {
		this.answers.add(new String[] { "200", "{\"cursor\":\"c1.Mw\",\"changes\":[{\"seq\":3,\"at\":1798000100,"
				+ "\"userId\":\"u-2\",\"ver\":5,\"revokedDeviceIds\":[],\"revokedTokenIds\":[],\"reason\":\"end-comp\"}]}" });

		this.follower.pollOnce();
		this.follower.pollOnce();

		assertThat(decide(claims("u-2", "a", "d", 4))).isEqualTo(Decision.deny(Reason.ENTITLEMENT_STALE));
		assertThat(decide(claims("u-2", "b", "d", 5)).permitted()).isTrue();
		assertThat(decide(claims("u-3", "c", "d", 0)).permitted()).isTrue();
		assertThat(this.lastQuery.get()).isEqualTo("wait=1&after=c1.Mw");
	}

	@Test
	void expiredCursorMakesEveryEarlierTokenStaleAndStartsAgain() throws Exception {
		this.answers.add(new String[] { "200", "{\"cursor\":\"c1.NA\",\"changes\":[]}" });
		this.answers.add(new String[] { "410", "" });
		this.follower.pollOnce();

		this.follower.pollOnce();
		this.follower.pollOnce();

		assertThat(this.follower.staleBefore()).isEqualTo(TestTokens.NOW.getEpochSecond());
		assertThat(decide(claims("u-4", "a", "d", 9, TestTokens.NOW.minusSeconds(1))))
			.isEqualTo(Decision.deny(Reason.ENTITLEMENT_STALE));
		assertThat(decide(claims("u-4", "b", "d", 9, TestTokens.NOW)).permitted()).isTrue();
		assertThat(this.lastQuery.get()).isEqualTo("wait=1");
	}

	@Test
	void revocationsAreForgottenAfterTheRetention() throws Exception {
		this.answers.add(new String[] { "200", "{\"cursor\":\"c1.NQ\",\"changes\":[{\"seq\":5,\"at\":1798000100,"
				+ "\"userId\":\"u-5\",\"ver\":2,\"revokedDeviceIds\":[\"dev\"],\"revokedTokenIds\":[\"jti\"],\"reason\":\"x\"}]}" });
		this.follower.pollOnce();

		this.clock.advance(Duration.ofMinutes(16));
		this.follower.pollOnce();

		assertThat(this.follower.isRevoked("jti")).isFalse();
		assertThat(this.follower.isDeviceRevoked("dev")).isFalse();
		assertThat(this.follower.minimumVersion("u-5")).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void somethingThatIsNotAFeedPageIsAnErrorAndChangesNothing() {
		this.answers.add(new String[] { "200", "<html>proxy error</html>" });

		assertThatIOException().isThrownBy(this.follower::pollOnce);
		assertThat(this.follower.lastSuccess()).isZero();
	}

	@Test
	void startedFollowerAppliesChangesInTheBackground() throws Exception {
		this.answers.add(new String[] { "200", "{\"cursor\":\"c1.Ng\",\"changes\":[{\"seq\":6,\"at\":1798000100,"
				+ "\"revokedDeviceIds\":[],\"revokedTokenIds\":[\"bg-jti\"],\"reason\":\"token-revoked\"}]}" });

		this.follower.start();

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!this.follower.isRevoked("bg-jti") && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.follower.isRevoked("bg-jti")).isTrue();
	}

	private Decision decide(EntitlementClaims claims) {
		return AccessPolicy.standard(TierCatalog.standard())
			.decide(claims, FREE_TITLE, Context.at(TestTokens.NOW).withFreshness(this.follower));
	}

	private static EntitlementClaims claims(String subject, String jti, String did, long ver) throws Exception {
		return claims(subject, jti, did, ver, TestTokens.NOW.minusSeconds(10));
	}

	private static EntitlementClaims claims(String subject, String jti, String did, long ver, java.time.Instant iat)
			throws Exception {
		JWTClaimsSet set = TestTokens.premiumClaims()
			.subject(subject)
			.jwtID(jti)
			.claim("did", did)
			.issueTime(java.util.Date.from(iat))
			.build();
		java.util.Map<String, Object> ent = new java.util.LinkedHashMap<>(set.getJSONObjectClaim("ent"));
		ent.put("ver", ver);
		return EntitlementClaims.from(new JWTClaimsSet.Builder(set).claim("ent", ent).build());
	}

}
