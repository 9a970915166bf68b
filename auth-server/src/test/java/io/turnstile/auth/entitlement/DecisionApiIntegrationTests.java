package io.turnstile.auth.entitlement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.oauth2.sdk.TokenResponse;
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
import io.turnstile.entitlements.PayPerViewEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/decisions} end to end: real person tokens, entitlement changes by an operator, and the
 * answers a content service acts on.
 */
@TurnstileTest
class DecisionApiIntegrationTests {

	static final Change OPERATOR = new Change("test-operator", "decision tests");

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JwtEncoder jwtEncoder;

	OAuthTestClient oauth;

	ApiTestClient api;

	@BeforeEach
	void setUp() {
		this.oauth = new OAuthTestClient(this.port);
		this.api = new ApiTestClient(this.oauth);
	}

	@Test
	void freeTierTokenIsPermittedFreeContentAndDeniedPremiumContent() throws Exception {
		String token = signIn("decide-free@example.com").getAccessToken().getValue();

		assertThat(decide(token, "{\"content\":{\"id\":\"t1\"}}").get("decision").asString()).isEqualTo("PERMIT");
		JsonNode premium = decide(token, "{\"content\":{\"id\":\"t2\",\"requiredTier\":\"premium\",\"feature\":\"uhd\"}}");
		assertThat(premium.get("decision").asString()).isEqualTo("DENY");
		assertThat(reasons(premium)).containsExactlyInAnyOrder("TIER_TOO_LOW", "FEATURE_NOT_INCLUDED");
	}

	@Test
	void compGrantShowsInTheDecisionAfterTheNextRefresh() throws Exception {
		Person person = this.people.signUp("decide-comp@example.com", PASSWORD, null);
		OIDCTokens tokens = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		String premiumContent = "{\"content\":{\"id\":\"t3\",\"requiredTier\":\"premium\"}}";

		this.entitlements.compTier(new AccountId(person.id()), "premium", null, OPERATOR);
		JsonNode before = decide(tokens.getAccessToken().getValue(), premiumContent);
		String refreshed = TokenResponse.parse(this.oauth.refresh(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken()))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken()
			.getValue();
		JsonNode after = decide(refreshed, premiumContent);

		assertThat(reasons(before)).containsExactly("TIER_TOO_LOW");
		assertThat(after.get("decision").asString()).isEqualTo("PERMIT");
	}

	@Test
	void uhdTitleOnAnHdTierIsPermittedWithAQualityObligation() throws Exception {
		Person person = this.people.signUp("decide-quality@example.com", PASSWORD, null);
		this.entitlements.compTier(new AccountId(person.id()), "standard", null, OPERATOR);
		String token = this.oauth.signIn(person.email(), PASSWORD, "openid").getAccessToken().getValue();

		JsonNode decision = decide(token, "{\"content\":{\"id\":\"t4\",\"quality\":\"uhd\"}}");

		assertThat(decision.get("decision").asString()).isEqualTo("PERMIT");
		assertThat(decision.get("obligations").get("max_quality").asString()).isEqualTo("hd");
	}

	@Test
	void takingARightAwayMakesEarlierTokensStale() throws Exception {
		Person person = this.people.signUp("decide-stale@example.com", PASSWORD, null);
		this.entitlements.compTier(new AccountId(person.id()), "premium", null, OPERATOR);
		String premiumToken = this.oauth.signIn(person.email(), PASSWORD, "openid").getAccessToken().getValue();

		this.entitlements.endComp(new AccountId(person.id()), OPERATOR);
		JsonNode decision = decide(premiumToken, "{\"content\":{\"id\":\"t5\",\"requiredTier\":\"premium\"}}");

		assertThat(reasons(decision)).contains("ENTITLEMENT_STALE");
		assertThat(this.entitlements.minimumVersion(new AccountId(person.id())))
			.isEqualTo(this.entitlements.current(new AccountId(person.id())).minimumVer())
			.isPositive();
		assertThat(this.entitlements.minimumVersion(new AccountId("nobody-" + person.id()))).isZero();
	}

	@Test
	void payPerViewIsPermittedInsideTheWindowOnlyWithAPass() throws Exception {
		Person buyer = this.people.signUp("decide-ppv@example.com", PASSWORD, null);
		Instant now = Instant.now();
		this.entitlements.defineEvent(new PayPerViewEvent("decide-fight", "Fight", now.minusSeconds(60),
				now.plusSeconds(3600), Duration.ofMinutes(30), Duration.ofHours(1)), OPERATOR);
		this.entitlements.grantPayPerView(new AccountId(buyer.id()), "decide-fight", "comp", OPERATOR);
		String buyerToken = this.oauth.signIn(buyer.email(), PASSWORD, "openid").getAccessToken().getValue();
		String otherToken = signIn("decide-ppv-none@example.com").getAccessToken().getValue();
		String request = "{\"content\":{\"id\":\"fight-stream\",\"ppvEventId\":\"decide-fight\"}}";

		assertThat(decide(buyerToken, request).get("decision").asString()).isEqualTo("PERMIT");
		assertThat(reasons(decide(otherToken, request))).containsExactly("PPV_NOT_PURCHASED");
	}

	@Test
	void otherDeviceThanTheTokensIsDenied() throws Exception {
		String token = signIn("decide-device@example.com").getAccessToken().getValue();

		JsonNode decision = decide(token, "{\"content\":{\"id\":\"t6\"},\"deviceId\":\"someone-elses-tv\"}");

		assertThat(reasons(decision)).containsExactly("DEVICE_MISMATCH");
	}

	@Test
	void revokedTokenIsDeniedAsRevoked() throws Exception {
		OIDCTokens tokens = signIn("decide-revoked@example.com");
		assertThat(this.oauth.revoke(OAuthTestClient.DEMO_WEB, tokens.getAccessToken()).getStatusCode()).isEqualTo(200);

		assertThat(reasons(decide(tokens.getAccessToken().getValue(), "{\"content\":{\"id\":\"t7\"}}")))
			.containsExactly("TOKEN_REVOKED");
	}

	@Test
	void invalidMissingAndExpiredTokensAreDenialsNotErrors() throws Exception {
		String expired = this.jwtEncoder.encode(JwtEncoderParameters.from(
				JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(),
				JwtClaimsSet.builder()
					.issuer(this.oauth.issuer())
					.subject("someone")
					.id("expired-token-1")
					.claim("client_id", "demo-web")
					.audience(List.of(this.oauth.issuer() + "/content"))
					.issuedAt(Instant.now().minusSeconds(900))
					.expiresAt(Instant.now().minusSeconds(600))
					.build()))
			.getTokenValue();

		Response missing = this.api.send("POST", "/api/decisions", null, "{\"content\":{\"id\":\"t8\"}}");
		assertThat(missing.status()).isEqualTo(200);
		assertThat(reasons(missing.json())).containsExactly("TOKEN_INVALID");
		assertThat(reasons(decide("garbage", "{\"content\":{\"id\":\"t8\"}}"))).containsExactly("TOKEN_INVALID");
		assertThat(reasons(decide(expired, "{\"content\":{\"id\":\"t8\"}}"))).containsExactly("TOKEN_EXPIRED");
	}

	@Test
	void malformedDecisionRequestIsABadRequestProblem() throws Exception {
		String token = signIn("decide-malformed@example.com").getAccessToken().getValue();

		Response notJson = this.api.send("POST", "/api/decisions", token, "{\"content\":");
		Response noContent = this.api.send("POST", "/api/decisions", token, "{}");
		Response badQuality = this.api.send("POST", "/api/decisions", token,
				"{\"content\":{\"id\":\"t9\",\"quality\":\"8k\"}}");

		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.header("Content-Type")).startsWith("application/problem+json");
		assertThat(noContent.status()).isEqualTo(400);
		assertThat(badQuality.status()).isEqualTo(400);
	}

	private OIDCTokens signIn(String email) throws Exception {
		this.people.signUp(email, PASSWORD, null);
		return this.oauth.signIn(email, PASSWORD, "openid");
	}

	private JsonNode decide(String token, String body) throws Exception {
		Response response = this.api.send("POST", "/api/decisions", token, body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static List<String> reasons(JsonNode decision) {
		return decision.get("reasons").valueStream().map(JsonNode::asString).toList();
	}

}
