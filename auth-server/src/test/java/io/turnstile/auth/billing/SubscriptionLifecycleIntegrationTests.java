package io.turnstile.auth.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.StripeStandIn;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeEvents.Scenario;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription's whole life through Stripe events (stripe-contract.md 5, 6, 8), seen where the platform
 * reads it: {@code GET /api/users/{userId}/entitlements} and the ledger.
 */
@TurnstileTest
class SubscriptionLifecycleIntegrationTests {

	static final String STANDARD_PRICE = "price_test_standard_monthly";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JdbcTemplate jdbc;

	StripeWebhookClient stripe;

	ApiTestClient api;

	String reader;

	Scenario scenario;

	AccountId person;

	long t;

	long periodEnd;

	@BeforeEach
	void setUp() throws Exception {
		this.stripe = new StripeWebhookClient(this.port, this.jdbc);
		this.api = new ApiTestClient(new OAuthTestClient(this.port));
		this.reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read admin");
		Person signedUp = this.people.signUp("subscriber-" + UUID.randomUUID() + "@example.com", "correct horse battery",
				null);
		this.person = new AccountId(signedUp.id());
		this.scenario = TestStripeEvents.scenario(signedUp.id());
		this.t = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
		this.periodEnd = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
	}

	@Test
	void subscribingThroughCheckoutGrantsTheTierAndShowsTheSubscription() throws Exception {
		assertThat(this.stripe.deliver(this.scenario.event("checkout.session.completed.subscription").created(this.t)))
			.isEqualTo(200);
		assertThat(this.stripe.deliver(subscription("customer.subscription.created", "active", this.t + 1))).isEqualTo(200);
		assertThat(this.stripe.deliver(this.scenario.event("invoice.paid").created(this.t + 2))).isEqualTo(200);

		JsonNode entitlements = entitlements();
		assertThat(entitlements.get("tier").asString()).isEqualTo("premium");
		assertThat(entitlements.get("tierSource").asString()).isEqualTo("billing");
		assertThat(entitlements.get("features").toString()).contains("uhd");
		JsonNode subscription = entitlements.get("subscription");
		assertThat(subscription.get("id").asString()).isEqualTo(this.scenario.subscription());
		assertThat(subscription.get("status").asString()).isEqualTo("active");
		assertThat(subscription.get("cancelAtPeriodEnd").asBoolean()).isFalse();
		assertThat(subscription.get("currentPeriodEnd").asLong()).isEqualTo(this.periodEnd);
		assertThat(this.stripe.ledger(this.scenario.subscription())).singleElement().satisfies((row) -> {
			assertThat(row.get("kind")).isEqualTo("subscription_change");
			assertThat(row.get("tier")).isEqualTo("premium");
			assertThat(row.get("price_id")).isEqualTo(TestStripeEvents.PREMIUM_PRICE);
			assertThat(row.get("status")).isEqualTo("active");
		});
	}

	@Test
	void upgradeAppliesAtOnceAndTakesNothingAway() {
		deliver(standard(subscription("customer.subscription.created", "active", this.t)));
		assertThat(current().tier().code()).isEqualTo("standard");

		deliver(subscription("customer.subscription.updated", "active", this.t + 60).object("cancel_at_period_end", false));

		EntitlementSnapshot upgraded = current();
		assertThat(upgraded.tier().code()).isEqualTo("premium");
		assertThat(upgraded.ver()).isEqualTo(2);
		assertThat(upgraded.minimumVer()).isZero();
	}

	@Test
	void downgradeAtPeriodEndLowersTheTierThenAndMarksTheRightsReduced() {
		deliver(subscription("customer.subscription.created", "active", this.t));
		deliver(standard(subscription("customer.subscription.updated", "active", this.t + 60)
			.object("cancel_at_period_end", false)));

		EntitlementSnapshot downgraded = current();
		assertThat(downgraded.tier().code()).isEqualTo("standard");
		assertThat(downgraded.minimumVer()).isEqualTo(downgraded.ver());
	}

	@Test
	void paymentFailureKeepsTheTierDuringDunningAndRecoveryKeepsIt() throws Exception {
		deliver(subscription("customer.subscription.created", "active", this.t));
		deliver(this.scenario.event("invoice.payment_failed").created(this.t + 10));
		deliver(subscription("customer.subscription.updated", "past_due", this.t + 11).object("cancel_at_period_end", false));

		assertThat(entitlements().get("tier").asString()).isEqualTo("premium");
		assertThat(entitlements().get("subscription").get("status").asString()).isEqualTo("past_due");

		deliver(this.scenario.event("invoice.paid").created(this.t + 20));
		deliver(subscription("customer.subscription.updated", "active", this.t + 21).object("cancel_at_period_end", false));

		assertThat(entitlements().get("subscription").get("status").asString()).isEqualTo("active");
		assertThat(current().tier().code()).isEqualTo("premium");
		assertThat(this.stripe.ledger(this.scenario.invoice())).singleElement()
			.satisfies((row) -> assertThat(row.get("kind")).isEqualTo("invoice_paid"));
	}

	@Test
	void paymentFailureThenCancellationTakesTheTierAwayForGood() throws Exception {
		deliver(subscription("customer.subscription.created", "active", this.t));
		deliver(subscription("customer.subscription.updated", "past_due", this.t + 10).object("cancel_at_period_end", false));
		deliver(subscription("customer.subscription.deleted", "canceled", this.t + 20));
		TestStripeEvents.Event late = subscription("customer.subscription.updated", "active", this.t + 15)
			.object("cancel_at_period_end", false);
		deliver(late);

		assertThat(current().tier().code()).isEqualTo("free");
		assertThat(current().tierSource().value()).isEqualTo("default");
		assertThat(entitlements().get("subscription").get("status").asString()).isEqualTo("canceled");
		assertThat(this.stripe.state(late.id())).isEqualTo("superseded");
	}

	@Test
	void pastDueLongerThanTheGraceGrantsNothing() throws Exception {
		long monthAgo = Instant.now().minus(Duration.ofDays(20)).getEpochSecond();
		deliver(subscription("customer.subscription.created", "active", monthAgo));
		deliver(subscription("customer.subscription.updated", "past_due", monthAgo + 60).object("cancel_at_period_end", false));

		assertThat(entitlements().get("subscription").get("status").asString()).isEqualTo("past_due");
		assertThat(current().tier().code()).isEqualTo("free");
	}

	@Test
	void cancelAtPeriodEndKeepsTheTierUntilTheSubscriptionIsDeleted() throws Exception {
		deliver(subscription("customer.subscription.created", "active", this.t));
		deliver(subscription("customer.subscription.updated", "active", this.t + 60));

		JsonNode cancelling = entitlements();
		assertThat(cancelling.get("tier").asString()).isEqualTo("premium");
		assertThat(cancelling.get("subscription").get("cancelAtPeriodEnd").asBoolean()).isTrue();

		deliver(subscription("customer.subscription.deleted", "canceled", this.t + 120));

		assertThat(current().tier().code()).isEqualTo("free");
		assertThat(current().minimumVer()).isEqualTo(current().ver());
	}

	@Test
	void incompleteGrantsNothingAndIncompleteExpiredIsFinal() throws Exception {
		deliver(subscription("customer.subscription.created", "incomplete", this.t));
		assertThat(current().tier().code()).isEqualTo("free");

		deliver(subscription("customer.subscription.updated", "incomplete_expired", this.t + 82800)
			.object("cancel_at_period_end", false));
		TestStripeEvents.Event late = subscription("customer.subscription.updated", "active", this.t + 10)
			.object("cancel_at_period_end", false);
		deliver(late);

		assertThat(current().tier().code()).isEqualTo("free");
		assertThat(entitlements().get("subscription").get("status").asString()).isEqualTo("incomplete_expired");
		assertThat(this.stripe.state(late.id())).isEqualTo("superseded");
	}

	@Test
	void anOlderSnapshotArrivingLateNeverOverwritesANewerOneAndIsLedgeredAsSuperseded() {
		deliver(subscription("customer.subscription.created", "active", this.t));
		deliver(subscription("customer.subscription.updated", "active", this.t + 120).object("cancel_at_period_end", false));
		TestStripeEvents.Event older = standard(subscription("customer.subscription.updated", "active", this.t + 60)
			.object("cancel_at_period_end", false));
		deliver(older);

		assertThat(current().tier().code()).isEqualTo("premium");
		assertThat(this.stripe.state(older.id())).isEqualTo("superseded");
		assertThat(this.stripe.ledger(this.scenario.subscription())).extracting((row) -> row.get("effect"))
			.containsExactly("applied", "applied", "superseded");
	}

	@Test
	void onEqualCreatedAStatusMovingBackwardsIsSettledByFetchingTheSubscription() {
		deliver(subscription("customer.subscription.created", "active", this.t));
		deliver(subscription("customer.subscription.updated", "unpaid", this.t + 60).object("cancel_at_period_end", false));
		assertThat(current().tier().code()).isEqualTo("free");
		TestStripeEvents.Event sameSecond = subscription("customer.subscription.updated", "active", this.t + 60)
			.object("cancel_at_period_end", false);
		StripeStandIn.instance()
			.subscription(this.scenario.subscription(), subscription("customer.subscription.updated", "active", this.t + 60)
				.object("cancel_at_period_end", false)
				.objectJson());

		deliver(sameSecond);

		assertThat(StripeStandIn.instance().requests("/v1/subscriptions/" + this.scenario.subscription()))
			.singleElement()
			.satisfies((request) -> assertThat(request.authorization()).isEqualTo("Bearer sk_test_stand_in_key"));
		assertThat(current().tier().code()).isEqualTo("premium");
		assertThat(current().subscription().status()).isEqualTo("active");
	}

	@Test
	void eventRenderedWithAnotherApiReleaseIsReadWhenTheFieldsBillingUsesAreThere() {
		TestStripeEvents.Event clover = subscription("customer.subscription.created", "active", this.t)
			.set("api_version", "2025-11-17.clover");

		deliver(clover);

		assertThat(this.stripe.state(clover.id())).isEqualTo("applied");
		assertThat(current().tier().code()).isEqualTo("premium");
	}

	@Test
	void eventRenderedWithAnOlderApiWhoseFieldsMovedFailsLoudlyWithReasonApiVersion() throws Exception {
		TestStripeEvents.Event old = subscription("customer.subscription.created", "active", this.t)
			.set("api_version", "2024-06-20")
			.object("current_period_end", this.periodEnd)
			.remove("data.object.items.data[0].current_period_end")
			.remove("data.object.items.data[0].current_period_start");

		deliver(old);

		assertThat(this.stripe.state(old.id())).isEqualTo("failed");
		assertThat(this.stripe.reason(old.id())).startsWith("api_version").contains("2024-06-20");
		assertThat(current().tier().code()).isEqualTo("free");
		assertThat(this.api.get("/admin/billing/failed", this.reader).body()).contains(old.id());
	}

	@Test
	void subscriptionToAPriceWithoutATierFailsAndIsRetriedUntilAnOperatorMapsThePrice() throws Exception {
		String price = "price_test_unmapped_" + this.scenario.id("");
		TestStripeEvents.Event unmapped = subscription("customer.subscription.created", "active", this.t)
			.object("items.data[0].price.id", price)
			.object("items.data[0].price.lookup_key", null)
			.object("items.data[0].price.metadata.tier", null);

		deliver(unmapped);
		assertThat(this.stripe.state(unmapped.id())).isEqualTo("failed");
		assertThat(this.stripe.reason(unmapped.id())).contains("no tier for price " + price);

		assertThat(this.api.send("PUT", "/admin/prices/" + price, this.reader, "{\"tier\":\"basic\"}").status())
			.isEqualTo(200);

		await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(this.stripe.state(unmapped.id())));
		assertThat(current().tier().code()).isEqualTo("basic");
		assertThat(this.jdbc.queryForObject("select attempts from billing_stripe_event where id = ?", Integer.class,
				unmapped.id())).isPositive();
	}

	private TestStripeEvents.Event subscription(String fixture, String status, long created) {
		return this.scenario.event(fixture)
			.created(created)
			.object("status", status)
			.object("items.data[0].current_period_start", created)
			.object("items.data[0].current_period_end", this.periodEnd);
	}

	/** The standard price: no tier in its metadata, so the configured lookup-key entry decides. */
	private static TestStripeEvents.Event standard(TestStripeEvents.Event event) {
		return event.object("items.data[0].price.id", STANDARD_PRICE)
			.object("items.data[0].price.lookup_key", "standard_monthly")
			.object("items.data[0].price.metadata.tier", null);
	}

	private void deliver(TestStripeEvents.Event event) {
		try {
			assertThat(this.stripe.deliver(event)).isEqualTo(200);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private EntitlementSnapshot current() {
		return this.entitlements.current(this.person);
	}

	private JsonNode entitlements() throws Exception {
		ApiTestClient.Response response = this.api.get("/api/users/" + this.person + "/entitlements", this.reader);
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

}
