package io.turnstile.billing.webhook;

import java.util.List;
import java.util.stream.Stream;

import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import io.turnstile.billing.TestStripeEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checked-in Stripe fixtures are what stripe-java 33.3.0 reads (stripe-contract.md 6, 12): rendered
 * with its API version, deserializable, and carrying every field the translator requires (the fields
 * below mirror its {@code require(...)} calls). An SDK bump that changes the API version fails here.
 */
class StripeFixturesTests {

	static Stream<String> fixtures() {
		return TestStripeEvents.FIXTURES.stream();
	}

	@Test
	void sdkIsPinnedToTheApiVersionOfTheWebhookEndpoint() {
		assertThat(Stripe.API_VERSION).isEqualTo("2026-07-29.dahlia");
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void fixtureIsRenderedWithTheSdksApiVersionAndDeserializes(String fixture) {
		Event event = Webhook.constructEventWithoutVerification(TestStripeEvents.fixture(fixture));

		assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
		assertThat(event.getId()).isNotBlank();
		assertThat(event.getCreated()).isNotNull();
		assertThat(event.getDataObjectDeserializer().getObject()).isPresent();
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void everyFieldTheTranslatorReadsIsPresent(String fixture) {
		Event event = Webhook.constructEventWithoutVerification(TestStripeEvents.fixture(fixture));
		StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow();

		List<Object> read = List.of(object.getClass().getSimpleName());
		if (object instanceof Subscription subscription) {
			read = subscriptionFields(subscription);
		}
		else if (object instanceof Invoice invoice) {
			read = List.of(invoice.getId(), invoice.getAmountPaid(), invoice.getCurrency(), invoice.getCustomer(),
					invoice.getStatus(), invoice.getParent().getSubscriptionDetails().getSubscription(),
					invoice.getParent().getSubscriptionDetails().getMetadata().get("user_id"),
					invoice.getLines().getData().get(0).getPricing().getPriceDetails().getPrice(),
					invoice.getLines().getData().get(0).getPeriod().getStart(),
					invoice.getLines().getData().get(0).getPeriod().getEnd());
		}
		else if (object instanceof Session session) {
			read = sessionFields(session);
		}
		else if (object instanceof Charge charge) {
			read = List.of(charge.getId(), charge.getAmountRefunded(), charge.getRefunded(), charge.getCurrency(),
					charge.getPaymentIntent(), charge.getCustomer());
		}
		else if (object instanceof Dispute dispute) {
			read = List.of(dispute.getId(), dispute.getStatus(), dispute.getAmount(), dispute.getCurrency(),
					dispute.getPaymentIntent(), dispute.getCharge());
		}

		assertThat(read).as(fixture).doesNotContainNull();
	}

	private static List<Object> subscriptionFields(Subscription subscription) {
		SubscriptionItem item = subscription.getItems().getData().get(0);
		return List.of(subscription.getId(), subscription.getStatus(), subscription.getCancelAtPeriodEnd(),
				subscription.getCreated(), subscription.getCustomer(), subscription.getCurrency(),
				subscription.getMetadata().get("user_id"), item.getPrice().getId(), item.getPrice().getLookupKey(),
				item.getPrice().getMetadata().get("tier"), item.getCurrentPeriodStart(), item.getCurrentPeriodEnd());
	}

	private static List<Object> sessionFields(Session session) {
		if ("subscription".equals(session.getMode())) {
			return List.of(session.getId(), session.getMode(), session.getCustomer(), session.getMetadata().get("user_id"));
		}
		return List.of(session.getId(), session.getMode(), session.getPaymentIntent(), session.getPaymentStatus(),
				session.getAmountTotal(), session.getCurrency(), session.getCustomer(),
				session.getMetadata().get("user_id"), session.getMetadata().get("purchase_type"),
				session.getMetadata().get("ppv_event_id"), session.getMetadata().get("ppv_access_start"),
				session.getMetadata().get("ppv_access_end"));
	}

}
