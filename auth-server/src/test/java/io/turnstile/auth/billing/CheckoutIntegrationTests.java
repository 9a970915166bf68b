package io.turnstile.auth.billing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.StripeStandIn;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/billing/checkout}: the signed-in person's Customer is created once, and the Checkout
 * Session carries the person where stripe-contract.md 7 and 9 need it (checked at the Stripe stand-in).
 */
@TurnstileTest
class CheckoutIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	ApiTestClient api;

	OAuthTestClient oauth;

	Person person;

	String token;

	@BeforeEach
	void setUp() throws Exception {
		this.oauth = new OAuthTestClient(this.port);
		this.api = new ApiTestClient(this.oauth);
		String email = "checkout-" + UUID.randomUUID() + "@example.com";
		this.person = this.people.signUp(email, "correct horse battery", "Checkout Viewer");
		this.token = this.oauth.signIn(email, "correct horse battery", "openid").getAccessToken().getValue();
	}

	@Test
	void subscriptionCheckoutCreatesTheCustomerOnceAndCarriesThePersonWhereTheContractSays() throws Exception {
		Response first = this.api.send("POST", "/api/billing/checkout", this.token, "{\"priceId\":\"price_test_premium\"}");
		Response second = this.api.send("POST", "/api/billing/checkout", this.token, "{\"priceId\":\"price_test_basic\"}");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().get("url").asString()).startsWith("https://checkout.stripe.com/c/pay/cs_test_");
		assertThat(first.json().get("mode").asString()).isEqualTo("subscription");
		List<StripeStandIn.Request> customers = mine(StripeStandIn.instance().requests("/v1/customers"));
		assertThat(customers).singleElement().satisfies((customer) -> {
			assertThat(customer.form()).containsEntry("email", this.person.email()).containsEntry("name", "Checkout Viewer");
			assertThat(customer.idempotencyKey()).isEqualTo("turnstile-customer-" + this.person.id());
		});
		List<StripeStandIn.Request> sessions = mine(StripeStandIn.instance().requests("/v1/checkout/sessions"));
		assertThat(sessions).hasSize(2);
		Map<String, String> session = sessions.get(0).form();
		assertThat(session).containsEntry("mode", "subscription")
			.containsEntry("client_reference_id", this.person.id())
			.containsEntry("subscription_data[metadata][user_id]", this.person.id())
			.containsEntry("line_items[0][price]", "price_test_premium")
			.containsKey("customer");
		assertThat(sessions.get(1).form().get("customer")).isEqualTo(session.get("customer"));
		assertThat(second.status()).isEqualTo(200);
	}

	@Test
	void payPerViewCheckoutCarriesTheEventAndTheCatalogsWindow() throws Exception {
		PayPerViewEvent event = TestPayPerView.event("checkout-fight-" + UUID.randomUUID().toString().substring(0, 8));
		this.entitlements.defineEvent(event, TestPayPerView.CHANGE);

		Response response = this.api.send("POST", "/api/billing/checkout", this.token,
				"{\"ppvEventId\":\"" + event.id() + "\"}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("mode").asString()).isEqualTo("payment");
		Map<String, String> session = mine(StripeStandIn.instance().requests("/v1/checkout/sessions")).get(0).form();
		assertThat(session).containsEntry("mode", "payment")
			.containsEntry("metadata[purchase_type]", "ppv")
			.containsEntry("metadata[ppv_event_id]", event.id())
			.containsEntry("metadata[ppv_access_start]", Long.toString(event.notBefore().getEpochSecond()))
			.containsEntry("metadata[ppv_access_end]", Long.toString(event.expiresAt().getEpochSecond()))
			.containsEntry("payment_intent_data[metadata][user_id]", this.person.id())
			.containsEntry("line_items[0][price]", "price_test_ppv_pass");
	}

	@Test
	void checkoutIsForASignedInPersonWithAPriceOrAKnownEvent() throws Exception {
		Response client = this.api.send("POST", "/api/billing/checkout",
				this.api.serviceToken(OAuthTestClient.backend(), "openid"), "{\"priceId\":\"price_test_premium\"}");
		Response anonymous = this.api.send("POST", "/api/billing/checkout", null, "{\"priceId\":\"price_test_premium\"}");
		Response nothing = this.api.send("POST", "/api/billing/checkout", this.token, "{}");
		Response unknownEvent = this.api.send("POST", "/api/billing/checkout", this.token, "{\"ppvEventId\":\"no-such-fight\"}");
		Response malformed = this.api.send("POST", "/api/billing/checkout", this.token, "{\"priceId\":");

		assertThat(client.status()).isEqualTo(403);
		assertThat(client.json().get("type").asString()).isEqualTo("/problems/person-required");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(nothing.status()).isEqualTo(400);
		assertThat(unknownEvent.status()).isEqualTo(400);
		assertThat(unknownEvent.json().get("detail").asString()).contains("no-such-fight");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(mine(StripeStandIn.instance().requests("/v1/checkout/sessions"))).isEmpty();
	}

	/** Requests for this test's person (the stand-in serves the whole test JVM). */
	private List<StripeStandIn.Request> mine(List<StripeStandIn.Request> requests) {
		return requests.stream()
			.filter((request) -> this.person.id().equals(request.form().get("metadata[user_id]")))
			.toList();
	}

}
