package io.turnstile.auth.billing;

import java.time.Instant;
import java.util.UUID;

import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeEvents.Scenario;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Entitlements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events for people billing cannot resolve are parked (2xx, stored with the reason), listed for operators,
 * and applied when the person is imported or an operator replays them (stripe-contract.md 7, 11).
 */
@TurnstileTest
class ParkedEventsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JdbcTemplate jdbc;

	StripeWebhookClient stripe;

	ApiTestClient api;

	String admin;

	long t;

	@BeforeEach
	void setUp() throws Exception {
		this.stripe = new StripeWebhookClient(this.port, this.jdbc);
		this.api = new ApiTestClient(new OAuthTestClient(this.port));
		this.admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
		this.t = Instant.now().minusSeconds(600).getEpochSecond();
	}

	@Test
	void eventsForAnUnknownPersonAreParkedAndAppliedWhenThatPersonIsImported() throws Exception {
		String legacyId = "legacy:" + UUID.randomUUID().toString().substring(0, 13);
		Scenario scenario = TestStripeEvents.scenario(legacyId);
		TestStripeEvents.Event subscribed = scenario.event("customer.subscription.created")
			.created(this.t)
			.object("items.data[0].current_period_end", Instant.now().plusSeconds(86400).getEpochSecond());
		TestStripeEvents.Event paid = scenario.event("invoice.paid").created(this.t + 1);

		assertThat(this.stripe.deliver(subscribed)).isEqualTo(200);
		assertThat(this.stripe.deliver(paid)).isEqualTo(200);

		assertThat(this.stripe.state(subscribed.id())).isEqualTo("parked");
		JsonNode parked = this.api.get("/admin/billing/parked", this.admin).json();
		assertThat(parked.findValuesAsString("eventId")).contains(subscribed.id(), paid.id());
		assertThat(this.stripe.reason(subscribed.id())).startsWith("unknown_person");

		Response imported = this.api.send("PUT", "/admin/users/" + legacyId, this.admin,
				"{\"email\":\"" + legacyId.replace(':', '-') + "@legacy.example\",\"displayName\":\"Legacy Viewer\"}");

		assertThat(imported.status()).isEqualTo(201);
		assertThat(imported.json().get("userId").asString()).isEqualTo(legacyId);
		assertThat(this.stripe.state(subscribed.id())).isEqualTo("applied");
		assertThat(this.stripe.state(paid.id())).isEqualTo("applied");
		assertThat(this.entitlements.current(new AccountId(legacyId)).tier().code()).isEqualTo("premium");
		assertThat(this.stripe.ledger(scenario.invoice())).extracting((row) -> row.get("effect"))
			.containsExactly("parked", "applied");
		assertThat(this.api.get("/admin/billing/parked", this.admin).json().findValuesAsString("eventId"))
			.doesNotContain(subscribed.id(), paid.id());
	}

	@Test
	void anEventNamingNobodyIsParkedUntilAnOperatorReplaysItOnceTheCustomerIsKnown() throws Exception {
		String person = "p-" + UUID.randomUUID();
		this.api.send("PUT", "/admin/users/" + person, this.admin, "{\"email\":\"" + person + "@example.com\"}");
		Scenario scenario = TestStripeEvents.scenario(person);
		TestStripeEvents.Event anonymous = scenario.event("invoice.paid")
			.created(this.t)
			.object("parent.subscription_details.metadata.user_id", null);

		assertThat(this.stripe.deliver(anonymous)).isEqualTo(200);
		assertThat(this.stripe.state(anonymous.id())).isEqualTo("parked");
		assertThat(this.stripe.reason(anonymous.id())).startsWith("no_person");

		assertThat(this.stripe.deliver(scenario.event("checkout.session.completed.subscription").created(this.t + 5)))
			.isEqualTo(200);
		Response replayed = this.api.send("POST", "/admin/billing/parked/" + anonymous.id() + "/replay", this.admin, null);

		assertThat(replayed.status()).isEqualTo(200);
		assertThat(replayed.json().get("state").asString()).isEqualTo("applied");
		assertThat(replayed.json().get("userId").asString()).isEqualTo(person);
		assertThat(this.stripe.ledger(scenario.invoice())).extracting((row) -> row.get("effect"))
			.containsExactly("parked", "applied");
	}

	@Test
	void replayingAnUnknownOrAnAppliedEventIsAProblem() throws Exception {
		Scenario scenario = TestStripeEvents.scenario("nobody-" + UUID.randomUUID());
		TestStripeEvents.Event ignored = scenario.event("customer.updated");
		this.stripe.deliver(ignored);

		Response unknown = this.api.send("POST", "/admin/billing/parked/evt_never_received/replay", this.admin, null);
		Response done = this.api.send("POST", "/admin/billing/parked/" + ignored.id() + "/replay", this.admin, null);
		Response notAdmin = this.api.send("POST", "/admin/billing/parked/" + ignored.id() + "/replay",
				this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read"), null);

		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("type").asString()).isEqualTo("/problems/unknown-billing-event");
		assertThat(done.status()).isEqualTo(409);
		assertThat(done.json().get("type").asString()).isEqualTo("/problems/event-not-replayable");
		assertThat(notAdmin.status()).isEqualTo(403);
	}

	@Test
	void importingKeepsAnExistingPersonAndRefusesBadInput() throws Exception {
		String id = "imp-" + UUID.randomUUID();
		String body = "{\"email\":\"" + id + "@example.com\"}";

		Response created = this.api.send("PUT", "/admin/users/" + id, this.admin, body);
		Response again = this.api.send("PUT", "/admin/users/" + id, this.admin, "{\"email\":\"other-" + id + "@example.com\"}");
		Response badId = this.api.send("PUT", "/admin/users/" + "x".repeat(65), this.admin, body);
		Response noEmail = this.api.send("PUT", "/admin/users/" + id + "-2", this.admin, "{}");
		Response takenEmail = this.api.send("PUT", "/admin/users/" + id + "-3", this.admin, body);
		Response notJson = this.api.send("PUT", "/admin/users/" + id + "-4", this.admin, "{email");
		Response notAdmin = this.api.send("PUT", "/admin/users/" + id + "-5",
				this.api.serviceToken(OAuthTestClient.admin(), "finance.read"), body);

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("created").asBoolean()).isTrue();
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("email").asString()).isEqualTo(id + "@example.com");
		assertThat(badId.status()).isEqualTo(400);
		assertThat(noEmail.status()).isEqualTo(400);
		assertThat(takenEmail.status()).isEqualTo(400);
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.json().get("type").asString()).isEqualTo("/problems/malformed-request");
		assertThat(notAdmin.status()).isEqualTo(403);
	}

}
