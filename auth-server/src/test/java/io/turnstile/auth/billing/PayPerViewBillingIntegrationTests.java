package io.turnstile.auth.billing;

import java.time.Instant;
import java.util.UUID;

import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeEvents.Scenario;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pay-per-view through Stripe (stripe-contract.md 9): a paid checkout grants the event's pass once per
 * payment_intent, a full refund revokes it for good, a dispute suspends it until it is won or lost.
 */
@TurnstileTest
class PayPerViewBillingIntegrationTests {

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

	AccountId person;

	String eventId;

	long t;

	@BeforeEach
	void setUp() {
		this.stripe = new StripeWebhookClient(this.port, this.jdbc);
		Person buyer = this.people.signUp("ppv-" + UUID.randomUUID() + "@example.com", "correct horse battery", null);
		this.person = new AccountId(buyer.id());
		this.scenario = TestStripeEvents.scenario(buyer.id());
		this.eventId = "fight-" + this.scenario.id("");
		this.entitlements.defineEvent(TestPayPerView.event(this.eventId), TestPayPerView.CHANGE);
		this.t = Instant.now().minusSeconds(3600).getEpochSecond();
	}

	@Test
	void paidCheckoutGrantsThePassOncePerPaymentAndAFullRefundRevokesItForGood() {
		deliver(TestPayPerView.paidCheckout(this.scenario, this.eventId).created(this.t));
		EntitlementSnapshot granted = current();
		deliver(this.scenario.event("checkout.session.async_payment_succeeded")
			.created(this.t + 5)
			.object("metadata.ppv_event_id", this.eventId));

		assertThat(granted.payPerView()).singleElement().satisfies((pass) -> {
			assertThat(pass.eventId()).isEqualTo(this.eventId);
			assertThat(pass.notBefore()).isEqualTo(TestPayPerView.event(this.eventId).notBefore());
			assertThat(pass.expiresAt()).isEqualTo(TestPayPerView.event(this.eventId).expiresAt());
			assertThat(pass.source()).isEqualTo("billing");
		});
		assertThat(current().ver()).isEqualTo(granted.ver());

		deliver(this.scenario.event("charge.refunded").created(this.t + 60));
		deliver(TestPayPerView.paidCheckout(this.scenario, this.eventId).created(this.t + 120));

		EntitlementSnapshot refunded = current();
		assertThat(refunded.payPerView()).isEmpty();
		assertThat(refunded.minimumVer()).isEqualTo(refunded.ver());
		assertThat(this.entitlements.payPerViewGrants(this.person)).singleElement()
			.satisfies((pass) -> assertThat(pass.state()).isEqualTo(PayPerViewGrant.State.REVOKED));
		assertThat(this.stripe.ledger(this.scenario.paymentIntent())).singleElement().satisfies((row) -> {
			assertThat(row.get("kind")).isEqualTo("ppv_purchase");
			assertThat(row.get("amount_minor")).isEqualTo(2499L);
		});
		assertThat(this.stripe.ledger(this.scenario.charge())).singleElement().satisfies((row) -> {
			assertThat(row.get("kind")).isEqualTo("refund");
			assertThat(row.get("amount_minor")).isEqualTo(2499L);
			assertThat(row.get("status")).isEqualTo("refunded");
		});
	}

	@Test
	void partialRefundsAreLedgeredAsIncrementsAndKeepThePass() {
		deliver(TestPayPerView.paidCheckout(this.scenario, this.eventId).created(this.t));
		deliver(this.scenario.event("charge.refunded").created(this.t + 60).object("refunded", false).object("amount_refunded", 500));
		deliver(this.scenario.event("charge.refunded").created(this.t + 120).object("refunded", false).object("amount_refunded", 800));

		assertThat(current().payPerView()).hasSize(1);
		assertThat(this.stripe.ledger(this.scenario.charge())).extracting((row) -> row.get("amount_minor"))
			.containsExactly(500L, 300L);
	}

	@Test
	void aCheckoutForAnEventTheCatalogDoesNotKnowUsesItsWindowAndAddsTheEvent() {
		String unknown = "surprise-" + this.scenario.id("");

		deliver(this.scenario.event("checkout.session.completed.ppv").created(this.t).object("metadata.ppv_event_id", unknown));

		assertThat(current().payPerView()).singleElement().satisfies((pass) -> {
			assertThat(pass.eventId()).isEqualTo(unknown);
			assertThat(pass.notBefore()).isEqualTo(Instant.ofEpochSecond(1798000000));
			assertThat(pass.expiresAt()).isEqualTo(Instant.ofEpochSecond(1798200000));
		});
		assertThat(this.entitlements.event(unknown)).map(PayPerViewEvent::notBefore)
			.contains(Instant.ofEpochSecond(1798000000));
	}

	@Test
	void anAsynchronousPaymentGrantsNothingUntilItSucceeds() {
		TestStripeEvents.Event unpaid = TestPayPerView.paidCheckout(this.scenario, this.eventId)
			.created(this.t)
			.object("payment_status", "unpaid");

		deliver(unpaid);

		assertThat(this.stripe.state(unpaid.id())).isEqualTo("applied");
		assertThat(current().payPerView()).isEmpty();
		assertThat(this.stripe.ledger(this.scenario.paymentIntent())).isEmpty();

		deliver(this.scenario.event("checkout.session.async_payment_succeeded")
			.created(this.t + 86400)
			.object("metadata.ppv_event_id", this.eventId));

		assertThat(current().payPerView()).extracting(PayPerViewGrant::eventId).containsExactly(this.eventId);
		assertThat(this.stripe.ledger(this.scenario.paymentIntent())).hasSize(1);
	}

	@Test
	void aDisputeSuspendsThePassAndAWonDisputeRestoresIt() {
		deliver(TestPayPerView.paidCheckout(this.scenario, this.eventId).created(this.t));
		deliver(this.scenario.event("charge.dispute.created").created(this.t + 60));

		EntitlementSnapshot disputed = current();
		assertThat(disputed.payPerView()).isEmpty();
		assertThat(disputed.minimumVer()).isEqualTo(disputed.ver());
		assertThat(this.entitlements.payPerViewGrants(this.person)).singleElement()
			.satisfies((pass) -> assertThat(pass.state()).isEqualTo(PayPerViewGrant.State.SUSPENDED));

		deliver(this.scenario.event("charge.dispute.closed").created(this.t + 120));

		assertThat(current().payPerView()).extracting(PayPerViewGrant::eventId).containsExactly(this.eventId);
		assertThat(this.stripe.ledger(this.scenario.dispute())).extracting((row) -> row.get("kind"))
			.containsExactly("dispute", "dispute_won");
	}

	@Test
	void aLostDisputeRevokesThePassForGoodEvenIfAnOlderEventArrivesLate() {
		deliver(TestPayPerView.paidCheckout(this.scenario, this.eventId).created(this.t));
		deliver(this.scenario.event("charge.dispute.closed").created(this.t + 120).object("status", "lost"));
		TestStripeEvents.Event opened = this.scenario.event("charge.dispute.created").created(this.t + 60);
		deliver(opened);

		assertThat(this.entitlements.payPerViewGrants(this.person)).singleElement()
			.satisfies((pass) -> assertThat(pass.state()).isEqualTo(PayPerViewGrant.State.REVOKED));
		assertThat(this.stripe.state(opened.id())).isEqualTo("applied");
		assertThat(this.stripe.ledger(this.scenario.dispute())).extracting((row) -> row.get("kind"))
			.containsExactly("dispute");
	}

	@Test
	void aRefundArrivingBeforeThePurchaseStillRevokesThePass() {
		TestStripeEvents.Event refund = this.scenario.event("charge.refunded").created(this.t + 60);
		deliver(refund);
		assertThat(this.stripe.state(refund.id())).isEqualTo("parked");

		deliver(TestPayPerView.paidCheckout(this.scenario, this.eventId).created(this.t));

		assertThat(current().payPerView()).isEmpty();
		assertThat(this.entitlements.purchase(this.scenario.paymentIntent())).hasValueSatisfying(
				(purchase) -> assertThat(purchase.state()).isEqualTo(PayPerViewGrant.State.REVOKED));
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

}
