package io.turnstile.auth.feed;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
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
import io.turnstile.policy.Decision;
import io.turnstile.policy.Reason;
import io.turnstile.policy.TierCatalog;
import io.turnstile.policy.TokenVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A content service's embedded policy engine, as a content service would set it up (verifier against the
 * JWKS, catalog from {@code /api/tiers}, follower on the change feed with its own service token), stops
 * honouring a token soon after its device is signed out or a right is taken away, long before the token
 * expires.
 */
@TurnstileTest
class PolicyFollowerIntegrationTests {

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	SignOut signOut;

	OAuthTestClient oauth;

	ChangeFeedFollower follower;

	TokenVerifier verifier;

	AccessPolicy policy;

	@BeforeEach
	void setUp() throws Exception {
		this.oauth = new OAuthTestClient(this.port);
		HttpClient http = HttpClient.newHttpClient();
		this.verifier = TokenVerifier.builder()
			.issuer(this.oauth.issuer())
			.audience(this.oauth.issuer() + "/content")
			.jwkSet(JWKSet.load(this.oauth.uri("/oauth2/jwks").toURL()))
			.build();
		this.policy = AccessPolicy.standard(TierCatalog.fetch(this.oauth.uri("/api/tiers"), http));
		this.follower = ChangeFeedFollower.builder()
			.feed(this.oauth.uri("/api/entitlements/changes"))
			.accessToken(new ClientCredentialsTokens(this.oauth.uri("/oauth2/token"), "demo-admin",
					TurnstileTest.ADMIN_SECRET, "entitlements.read", http))
			.waitSeconds(20)
			.httpClient(http)
			.build();
		this.follower.start();
		awaitFirstRead();
	}

	@AfterEach
	void tearDown() {
		this.follower.close();
	}

	@Test
	void signedOutDeviceIsDeniedByTheEmbeddedPolicyWithinSeconds() throws Exception {
		Person person = this.people.signUp("follower-signout@example.com", PASSWORD, null);
		OIDCTokens tokens = this.oauth.signIn(person.email(), PASSWORD, "openid");
		String token = tokens.getAccessToken().getValue();
		String did = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("did");
		assertThat(decide(token).permitted()).isTrue();

		this.signOut.device(new AccountId(person.id()), did);

		Decision decision = awaitDenial(token);
		assertThat(((Decision.Deny) decision).reasons()).contains(Reason.TOKEN_REVOKED);
	}

	@Test
	void downgradeMakesEarlierTokensStaleInTheEmbeddedPolicy() throws Exception {
		Person person = this.people.signUp("follower-downgrade@example.com", PASSWORD, null);
		this.entitlements.compTier(new AccountId(person.id()), "premium", null, new Change("test", "follower"));
		String token = this.oauth.signIn(person.email(), PASSWORD, "openid").getAccessToken().getValue();
		assertThat(decide(token).permitted()).isTrue();

		this.entitlements.endComp(new AccountId(person.id()), new Change("test", "follower"));

		Decision decision = awaitDenial(token);
		assertThat(((Decision.Deny) decision).reasons()).contains(Reason.ENTITLEMENT_STALE);
	}

	@Test
	void revokedClientCredentialsTokenIsDeniedByTheEmbeddedPolicyWithinSeconds() throws Exception {
		AccessToken token = TokenResponse.parse(this.oauth.clientCredentials(OAuthTestClient.admin(), "admin"))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken();
		assertThat(reasons(decide(token.getValue()))).doesNotContain(Reason.TOKEN_REVOKED);

		assertThat(this.oauth.revoke(OAuthTestClient.admin(), token).getStatusCode()).isEqualTo(200);

		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!reasons(decide(token.getValue())).contains(Reason.TOKEN_REVOKED) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(reasons(decide(token.getValue()))).as("revoked within 15 s").contains(Reason.TOKEN_REVOKED);
	}

	private static List<Reason> reasons(Decision decision) {
		return (decision instanceof Decision.Deny deny) ? List.copyOf(deny.reasons()) : List.of();
	}

	private Decision decide(String token) {
		return this.verifier.decide(token, this.policy, ContentRequirement.of("title"),
				Context.at(Instant.now()).withFreshness(this.follower));
	}

	private Decision awaitDenial(String token) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		Decision decision = decide(token);
		while (decision.permitted() && System.nanoTime() < deadline) {
			Thread.sleep(20);
			decision = decide(token);
		}
		assertThat(decision.permitted()).as("denied within 15 s").isFalse();
		return decision;
	}

	private void awaitFirstRead() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (this.follower.lastSuccess() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.follower.lastSuccess()).as("follower read the feed").isPositive();
	}

}
