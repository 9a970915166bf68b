package io.turnstile.auth.billing;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeEvents.Scenario;
import io.turnstile.billing.TestStripeSignatures;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Entitlements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The intake of stripe-contract.md 1-4 over HTTP: signatures, bad input, storing before the 2xx,
 * duplicates (one after the other and at once), unknown types, and events a stopped node left behind.
 */
@TurnstileTest
class StripeWebhookIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JdbcTemplate jdbc;

	StripeWebhookClient stripe;

	Scenario scenario;

	@BeforeEach
	void setUp() {
		this.stripe = new StripeWebhookClient(this.port, this.jdbc);
		Person person = this.people.signUp("webhook-" + UUID.randomUUID() + "@example.com", "correct horse battery", null);
		this.scenario = TestStripeEvents.scenario(person.id());
	}

	@Test
	void signedEventIsStoredAppliedAndAcknowledged() throws Exception {
		TestStripeEvents.Event paid = this.scenario.event("invoice.paid");

		HttpResponse<String> response = this.stripe.post(paid.json(), TestStripeSignatures.header(paid.json()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Set-Cookie")).as("no session").isEmpty();
		assertThat(this.stripe.state(paid.id())).isEqualTo("applied");
		assertThat(this.jdbc.queryForObject("select payload from billing_stripe_event where id = ?", String.class, paid.id()))
			.isEqualTo(paid.json());
		assertThat(this.stripe.ledger(this.scenario.invoice())).singleElement().satisfies((row) -> {
			assertThat(row.get("kind")).isEqualTo("invoice_paid");
			assertThat(row.get("amount_minor")).isEqualTo(1599L);
			assertThat(row.get("user_id")).isEqualTo(this.scenario.person());
		});
	}

	@Test
	void missingWrongStaleAndMalformedSignaturesAre400AndLeaveNoTraceSoARedeliveryIsApplied() throws Exception {
		TestStripeEvents.Event paid = this.scenario.event("invoice.paid");
		String body = paid.json();
		long now = Instant.now().getEpochSecond();

		List<Integer> refused = new ArrayList<>();
		refused.add(this.stripe.post(body, null).statusCode());
		refused.add(this.stripe.post(body, "").statusCode());
		refused.add(this.stripe.post(body, TestStripeSignatures.header(body, "whsec_somebody_elses_secret", now)).statusCode());
		refused.add(this.stripe.post(body, TestStripeSignatures.header(body, TestStripeSignatures.SECRET, now - 301)).statusCode());
		refused.add(this.stripe.post(body, "t=" + now + ",v0=" + TestStripeSignatures.v1(body, TestStripeSignatures.SECRET, now)).statusCode());
		refused.add(this.stripe.post(body, "t=later,v1=00").statusCode());
		refused.add(this.stripe.post(body.replace("1599", "1"), TestStripeSignatures.header(body)).statusCode());

		assertThat(refused).containsOnly(400);
		assertThat(this.stripe.state(paid.id())).isNull();
		assertThat(this.stripe.ledger(this.scenario.invoice())).isEmpty();
		assertThat(this.stripe.post(body, TestStripeSignatures.header(body)).statusCode()).isEqualTo(200);
		assertThat(this.stripe.state(paid.id())).isEqualTo("applied");
	}

	@Test
	void eventSignedWithThePreviousSecretIsAcceptedWhileTheSecretIsRotated() throws Exception {
		TestStripeEvents.Event paid = this.scenario.event("invoice.paid");
		String body = paid.json();

		int status = this.stripe.post(body,
				TestStripeSignatures.header(body, TestStripeSignatures.PREVIOUS_SECRET, Instant.now().getEpochSecond()))
			.statusCode();

		assertThat(status).isEqualTo(200);
		assertThat(this.stripe.state(paid.id())).isEqualTo("applied");
	}

	@Test
	void correctlySignedBodiesThatAreNotEventsAre400NeverA500() throws Exception {
		for (String body : List.of("{\"id\": \"evt_broken\", \"object\": \"event\", ", "[]", "null", "{}",
				"{\"id\":\"evt_no_type\",\"object\":\"event\",\"created\":1795000000,\"data\":{\"object\":{}}}")) {
			HttpResponse<String> response = this.stripe.post(body, TestStripeSignatures.header(body));

			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(response.body()).as(body).doesNotContain("Exception");
		}
		assertThat(this.stripe.post("", TestStripeSignatures.header("")).statusCode()).isEqualTo(400);
		assertThat(this.stripe.state("evt_broken")).isNull();
		assertThat(this.stripe.state("evt_no_type")).isNull();
	}

	@Test
	void eventTypesBillingDoesNotHandleAreStoredAndIgnored() throws Exception {
		TestStripeEvents.Event customer = this.scenario.event("customer.updated");

		assertThat(this.stripe.deliver(customer)).isEqualTo(200);
		assertThat(this.stripe.state(customer.id())).isEqualTo("ignored");
		assertThat(this.stripe.reason(customer.id())).contains("customer.updated");
	}

	@Test
	void duplicateDeliveryIsAcknowledgedWithoutAnyFurtherWork() throws Exception {
		this.entitlements.defineEvent(TestPayPerView.event("dup-fight"), TestPayPerView.CHANGE);
		TestStripeEvents.Event purchase = TestPayPerView.paidCheckout(this.scenario, "dup-fight");
		String body = purchase.json();

		HttpResponse<String> first = this.stripe.post(body, TestStripeSignatures.header(body));
		long ver = this.entitlements.current(new AccountId(this.scenario.person())).ver();
		HttpResponse<String> again = this.stripe.post(body, TestStripeSignatures.header(body));

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("\"duplicate\":true");
		assertThat(this.entitlements.current(new AccountId(this.scenario.person())).ver()).isEqualTo(ver);
		assertThat(this.stripe.ledger(this.scenario.paymentIntent())).hasSize(1);
	}

	@Test
	void theSameEventDeliveredConcurrentlyIsStoredAndAppliedOnce() throws Exception {
		this.entitlements.defineEvent(TestPayPerView.event("race-fight"), TestPayPerView.CHANGE);
		String body = TestPayPerView.paidCheckout(this.scenario, "race-fight").json();
		int deliveries = 6;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(deliveries);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < deliveries; i++) {
				Callable<Integer> delivery = () -> {
					start.await();
					return this.stripe.post(body, TestStripeSignatures.header(body)).statusCode();
				};
				statuses.add(pool.submit(delivery));
			}
			start.countDown();
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isBetween(200, 299);
			}
		}
		finally {
			pool.shutdownNow();
		}

		AccountId person = new AccountId(this.scenario.person());
		assertThat(this.entitlements.payPerViewGrants(person)).singleElement()
			.satisfies((grant) -> assertThat(grant.eventId()).isEqualTo("race-fight"));
		assertThat(this.entitlements.current(person).ver()).isEqualTo(1);
		assertThat(this.stripe.ledger(this.scenario.paymentIntent())).singleElement()
			.satisfies((row) -> assertThat(row.get("effect")).isEqualTo("applied"));
	}

	@Test
	void twoDifferentEventsDescribingOnePaymentCountOnce() throws Exception {
		TestStripeEvents.Event paid = this.scenario.event("invoice.paid");
		TestStripeEvents.Event succeeded = this.scenario.event("invoice.paid").set("type", "invoice.payment_succeeded");

		assertThat(this.stripe.deliver(paid)).isEqualTo(200);
		assertThat(this.stripe.deliver(succeeded)).isEqualTo(200);

		assertThat(this.stripe.state(succeeded.id())).isEqualTo("applied");
		assertThat(this.stripe.ledger(this.scenario.invoice())).singleElement()
			.satisfies((row) -> assertThat(row.get("event_id")).isEqualTo(paid.id()));
	}

	@Test
	void anEventANodeStoredButNeverAppliedIsPickedUpAgain() {
		TestStripeEvents.Event paid = this.scenario.event("invoice.paid");
		Timestamp minuteAgo = Timestamp.from(Instant.now().minusSeconds(60));
		this.jdbc.update("insert into billing_stripe_event (id, type, created, api_version, payload, state, attempts,"
				+ " received_at, updated_at) values (?, 'invoice.paid', ?, '2026-07-29.dahlia', ?, 'received', 0, ?, ?)",
				paid.id(), minuteAgo, paid.json(), minuteAgo, minuteAgo);

		await().atMost(Duration.ofSeconds(20)).until(() -> "applied".equals(this.stripe.state(paid.id())));

		assertThat(this.stripe.ledger(this.scenario.invoice())).hasSize(1);
	}

}
