package io.turnstile.auth.entitlement;

import java.time.Instant;

import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Entitlements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tier catalog, a person's entitlements, and the operators' grants and pay-per-view events over HTTP.
 */
@TurnstileTest
class EntitlementApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	ApiTestClient api;

	String admin;

	String reader;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiTestClient(new OAuthTestClient(this.port));
		this.admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
		this.reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");
	}

	@Test
	void tierCatalogIsPublicCacheableAndInTheFixedShape() throws Exception {
		Response response = this.api.get("/api/tiers", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).contains("max-age=300").contains("public");
		JsonNode tiers = response.json();
		assertThat(tiers).hasSize(4);
		assertThat(tiers.get(0).get("code").asString()).isEqualTo("free");
		assertThat(tiers.get(3).get("code").asString()).isEqualTo("premium");
		assertThat(tiers.get(3).get("rank").asInt()).isEqualTo(3);
		assertThat(tiers.get(3).get("features").toString()).contains("uhd", "ad_free");
		assertThat(tiers.get(3).get("streams").asInt()).isEqualTo(4);
		assertThat(tiers.get(3).get("devices").asInt()).isEqualTo(10);
	}

	@Test
	void newPersonHasTheDefaultTierNoSubscriptionAndVersionZero() throws Exception {
		Person person = this.people.signUp("api-default@example.com", "correct horse battery", null);

		Response response = this.api.get("/api/users/" + person.id() + "/entitlements", this.reader);

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("userId").asString()).isEqualTo(person.id());
		assertThat(body.get("tier").asString()).isEqualTo("free");
		assertThat(body.get("tierSource").asString()).isEqualTo("default");
		assertThat(body.get("features").toString()).isEqualTo("[\"sd\"]");
		assertThat(body.get("streams").asInt()).isEqualTo(1);
		assertThat(body.get("devices").asInt()).isEqualTo(2);
		assertThat(body.get("ppv").size()).isZero();
		assertThat(body.has("subscription")).isTrue();
		assertThat(body.get("subscription").isNull()).isTrue();
		assertThat(body.get("ver").asLong()).isZero();
	}

	@Test
	void unknownPersonIsANotFoundProblem() throws Exception {
		Response response = this.api.get("/api/users/nobody-here/entitlements", this.reader);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).isEqualTo("/problems/unknown-person");
	}

	@Test
	void entitlementsNeedABearerTokenWithTheReadScope() throws Exception {
		Person person = this.people.signUp("api-scope@example.com", "correct horse battery", null);

		Response anonymous = this.api.get("/api/users/" + person.id() + "/entitlements", null);
		Response wrongScope = this.api.get("/api/users/" + person.id() + "/entitlements", this.admin);
		Response garbage = this.api.get("/api/users/" + person.id() + "/entitlements", "not.a.token");

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(anonymous.json().get("type").asString()).isEqualTo("/problems/unauthorized");
		assertThat(wrongScope.status()).isEqualTo(403);
		assertThat(wrongScope.json().get("type").asString()).isEqualTo("/problems/forbidden");
		assertThat(garbage.status()).isEqualTo(401);
	}

	@Test
	void operatorCompsATierWithAReasonAndEveryChangeGrowsVersionAndIsRecorded() throws Exception {
		Person person = this.people.signUp("api-comp@example.com", "correct horse battery", null);

		Response comp = this.api.send("POST", "/admin/users/" + person.id() + "/grants", this.admin,
				"{\"type\":\"tier\",\"tier\":\"premium\",\"reason\":\"support goodwill\"}");
		JsonNode after = this.api.get("/api/users/" + person.id() + "/entitlements", this.reader).json();
		Response end = this.api.send("DELETE", "/admin/users/" + person.id() + "/grants/tier?reason=expired%20goodwill",
				this.admin, null);
		JsonNode ended = this.api.get("/api/users/" + person.id() + "/entitlements", this.reader).json();

		assertThat(comp.status()).isEqualTo(201);
		assertThat(after.get("tier").asString()).isEqualTo("premium");
		assertThat(after.get("tierSource").asString()).isEqualTo("comp");
		assertThat(after.get("ver").asLong()).isEqualTo(1);
		assertThat(end.status()).isEqualTo(200);
		assertThat(ended.get("tier").asString()).isEqualTo("free");
		assertThat(ended.get("ver").asLong()).isEqualTo(2);
		assertThat(this.entitlements.history(new AccountId(person.id()))).hasSize(2)
			.first()
			.satisfies((change) -> {
				assertThat(change.action()).isEqualTo("end-comp");
				assertThat(change.actor()).isEqualTo("demo-admin");
				assertThat(change.reason()).isEqualTo("expired goodwill");
				assertThat(change.before()).contains("premium");
			});
	}

	@Test
	void operatorDefinesAnEventGrantsAPassAndRevokesIt() throws Exception {
		Person person = this.people.signUp("api-ppv@example.com", "correct horse battery", null);
		long start = Instant.now().plusSeconds(3600).getEpochSecond();

		Response event = this.api.send("PUT", "/admin/ppv-events/api-fight-1", this.admin,
				"{\"title\":\"Fight Night\",\"startsAt\":" + start + ",\"endsAt\":" + (start + 7200) + "}");
		Response grant = this.api.send("POST", "/admin/users/" + person.id() + "/grants", this.admin,
				"{\"type\":\"ppv\",\"eventId\":\"api-fight-1\",\"reason\":\"press pass\"}");
		JsonNode granted = this.api.get("/api/users/" + person.id() + "/entitlements", this.reader).json();
		String grantId = grant.json().get("id").asString();
		Response revoke = this.api.send("DELETE", "/admin/users/" + person.id() + "/grants/" + grantId, this.admin,
				"{\"reason\":\"issued by mistake\"}");
		JsonNode revoked = this.api.get("/api/users/" + person.id() + "/entitlements", this.reader).json();

		assertThat(event.status()).isEqualTo(200);
		assertThat(event.json().get("nbf").asLong()).isEqualTo(start - 1800);
		assertThat(event.json().get("exp").asLong()).isEqualTo(start + 7200 + 172800);
		assertThat(grant.status()).isEqualTo(201);
		assertThat(granted.get("ppv").get(0).get("id").asString()).isEqualTo("api-fight-1");
		assertThat(granted.get("ppv").get(0).get("nbf").asLong()).isEqualTo(start - 1800);
		assertThat(revoke.status()).isEqualTo(200);
		assertThat(revoked.get("ppv").size()).isZero();
		assertThat(revoked.get("ver").asLong()).isEqualTo(2);
	}

	@Test
	void badAdminRequestsAreProblemsNotServerErrors() throws Exception {
		Person person = this.people.signUp("api-bad@example.com", "correct horse battery", null);
		String grants = "/admin/users/" + person.id() + "/grants";

		Response malformed = this.api.send("POST", grants, this.admin, "{not json");
		Response noReason = this.api.send("POST", grants, this.admin, "{\"type\":\"tier\",\"tier\":\"premium\"}");
		Response unknownTier = this.api.send("POST", grants, this.admin,
				"{\"type\":\"tier\",\"tier\":\"platinum\",\"reason\":\"x\"}");
		Response unknownEvent = this.api.send("POST", grants, this.admin,
				"{\"type\":\"ppv\",\"eventId\":\"no-such-event\",\"reason\":\"x\"}");
		Response unknownPerson = this.api.send("POST", "/admin/users/nobody/grants", this.admin,
				"{\"type\":\"tier\",\"tier\":\"premium\",\"reason\":\"x\"}");
		Response badEvent = this.api.send("PUT", "/admin/ppv-events/bad-event", this.admin,
				"{\"title\":\"Backwards\",\"startsAt\":2000000000,\"endsAt\":1000000000}");
		Response notAdmin = this.api.send("POST", grants, this.reader,
				"{\"type\":\"tier\",\"tier\":\"premium\",\"reason\":\"x\"}");

		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("type").asString()).isEqualTo("/problems/malformed-request");
		assertThat(malformed.body()).doesNotContain("Exception");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(unknownTier.status()).isEqualTo(400);
		assertThat(unknownTier.json().get("type").asString()).isEqualTo("/problems/unknown-tier");
		assertThat(unknownEvent.status()).isEqualTo(404);
		assertThat(unknownPerson.status()).isEqualTo(404);
		assertThat(badEvent.status()).isEqualTo(400);
		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(this.api.get("/api/users/" + person.id() + "/entitlements", this.reader).json().get("ver").asLong())
			.isZero();
	}

}
