package io.turnstile.auth.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.turnstile.AuthServerApplication;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.device.SignOut;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.policy.AccessPolicy;
import io.turnstile.policy.ChangeFeedFollower;
import io.turnstile.policy.ClientCredentialsTokens;
import io.turnstile.policy.ContentRequirement;
import io.turnstile.policy.Context;
import io.turnstile.policy.TierCatalog;
import io.turnstile.policy.TokenVerifier;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long a revocation on the server takes to reach an embedded policy engine that follows the change
 * feed with default settings (long poll, 20 s wait): for each sample, a person's right is taken away (a
 * downgrade, then a device signed out) and the clock runs until the engine's decision turns to DENY.
 * Prints p50, p95 and max. Run with
 * {@code ./mvnw -q -pl auth-server -Pfeed-benchmark test-compile exec:exec} (after
 * {@code ./mvnw -q install -DskipTests}); {@code -Dbench.args=100} sets the number of samples per kind.
 */
public final class FeedPropagationBenchmark {

	private FeedPropagationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int samples = (args.length > 0) ? Integer.parseInt(args[0]) : 40;
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(AuthServerApplication.class)
			.profiles("test")
			.run("--server.port=0", "--logging.level.root=WARN", "--spring.main.banner-mode=off")) {
			int port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
			OAuthTestClient oauth = new OAuthTestClient(port);
			HttpClient http = HttpClient.newHttpClient();
			TokenVerifier verifier = TokenVerifier.builder()
				.issuer(oauth.issuer())
				.audience(oauth.issuer() + "/content")
				.jwkSet(JWKSet.load(oauth.uri("/oauth2/jwks").toURL()))
				.build();
			AccessPolicy policy = AccessPolicy.standard(TierCatalog.fetch(oauth.uri("/api/tiers"), http));
			try (ChangeFeedFollower follower = ChangeFeedFollower.builder()
				.feed(oauth.uri("/api/entitlements/changes"))
				.accessToken(new ClientCredentialsTokens(oauth.uri("/oauth2/token"), "demo-admin",
						TurnstileTest.ADMIN_SECRET, "entitlements.read", http))
				.httpClient(http)
				.build()) {
				follower.start();
				while (follower.lastSuccess() == 0) {
					Thread.sleep(10);
				}
				People people = server.getBean(People.class);
				Entitlements entitlements = server.getBean(Entitlements.class);
				SignOut signOut = server.getBean(SignOut.class);
				List<Long> downgrades = new ArrayList<>();
				List<Long> signOuts = new ArrayList<>();
				for (int i = 0; i < samples; i++) {
					Person person = people.signUp("bench-" + i + "-" + System.nanoTime() + "@example.com",
							"correct horse battery", null);
					AccountId id = new AccountId(person.id());
					entitlements.compTier(id, "premium", null, new Change("bench", "propagation"));
					String token = oauth.signIn(person.email(), "correct horse battery", "openid")
						.getAccessToken()
						.getValue();
					String did = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("did");
					// Between samples the follower sits in a long poll, as it would in production.
					Thread.sleep(200);
					long start = System.nanoTime();
					entitlements.endComp(id, new Change("bench", "propagation"));
					downgrades.add(untilDenied(verifier, policy, follower, token) - start);
					String second = oauth.signIn(person.email(), "correct horse battery", "openid")
						.getAccessToken()
						.getValue();
					Thread.sleep(200);
					start = System.nanoTime();
					signOut.device(id, SignedJWT.parse(second).getJWTClaimsSet().getStringClaim("did"));
					signOuts.add(untilDenied(verifier, policy, follower, second) - start);
					signOut.device(id, did);
				}
				report("downgrade -> ENTITLEMENT_STALE", downgrades);
				report("device sign-out -> TOKEN_REVOKED", signOuts);
			}
		}
	}

	private static long untilDenied(TokenVerifier verifier, AccessPolicy policy, ChangeFeedFollower follower,
			String token) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			if (!verifier.decide(token, policy, ContentRequirement.of("title"),
					Context.at(Instant.now()).withFreshness(follower)).permitted()) {
				return System.nanoTime();
			}
			Thread.sleep(1);
		}
		throw new IllegalStateException("not denied within 60 s");
	}

	private static void report(String kind, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		System.out.printf("%-34s samples %3d  p50 %6.0f ms  p95 %6.0f ms  max %6.0f ms%n", kind, sorted.size(),
				millis(sorted, 0.50), millis(sorted, 0.95), sorted.get(sorted.size() - 1) / 1e6);
	}

	private static double millis(List<Long> sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1e6;
	}

}
