package io.turnstile.billing.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.stripe.model.Event;
import io.turnstile.billing.TestStripeEvents;
import org.junit.jupiter.api.Test;

import static io.turnstile.billing.TestStripeSignatures.PREVIOUS_SECRET;
import static io.turnstile.billing.TestStripeSignatures.SECRET;
import static io.turnstile.billing.TestStripeSignatures.header;
import static io.turnstile.billing.TestStripeSignatures.v1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The signature check of stripe-contract.md 1 and 2, at a fixed instant. */
class WebhookVerifierTests {

	private static final Instant NOW = Instant.parse("2026-11-22T21:00:00Z");

	private static final long T = NOW.getEpochSecond();

	private final WebhookVerifier verifier = new WebhookVerifier(List.of(SECRET, PREVIOUS_SECRET),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final String body = TestStripeEvents.fixture("invoice.paid");

	@Test
	void eventSignedWithTheCurrentSecretIsAccepted() throws Exception {
		Event event = this.verifier.verify(this.body, header(this.body, SECRET, T));

		assertThat(event.getId()).isEqualTo("evt_1SAMPLEinvoicepaid001");
		assertThat(event.getType()).isEqualTo("invoice.paid");
	}

	@Test
	void eventSignedWithThePreviousSecretIsAcceptedWhileRotating() throws Exception {
		assertThat(this.verifier.verify(this.body, header(this.body, PREVIOUS_SECRET, T)).getId())
			.isEqualTo("evt_1SAMPLEinvoicepaid001");
	}

	@Test
	void anyMatchingV1EntryIsEnough() throws Exception {
		String both = "t=" + T + ",v1=" + v1(this.body, "whsec_someone_else", T) + ",v1=" + v1(this.body, SECRET, T);

		assertThat(this.verifier.verify(this.body, both).getType()).isEqualTo("invoice.paid");
	}

	@Test
	void missingHeaderIsRejectedBeforeTheSdkSeesIt() {
		assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class).isThrownBy(() -> this.verifier.verify(this.body, null));
		assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class).isThrownBy(() -> this.verifier.verify(this.body, " "));
	}

	@Test
	void signatureWithAnotherSecretIsRejected() {
		assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class)
			.isThrownBy(() -> this.verifier.verify(this.body, header(this.body, "whsec_not_ours_at_all", T)));
	}

	@Test
	void timestampOlderThanFiveMinutesIsRejected() throws Exception {
		assertThat(this.verifier.verify(this.body, header(this.body, SECRET, T - 300)).getId()).isNotNull();
		assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class)
			.isThrownBy(() -> this.verifier.verify(this.body, header(this.body, SECRET, T - 301)));
	}

	@Test
	void bodyChangedAfterSigningIsRejected() {
		String signed = header(this.body, SECRET, T);
		String tampered = this.body.replace("\"amount_paid\": 1599", "\"amount_paid\": 1");

		assertThat(tampered).isNotEqualTo(this.body);
		assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class).isThrownBy(() -> this.verifier.verify(tampered, signed));
	}

	@Test
	void headersWithoutATimestampOrV1OrParseableFieldsAreRejected() {
		for (String header : List.of("v1=" + v1(this.body, SECRET, T), "t=" + T, "t=" + T + ",v0=" + v1(this.body, SECRET, T),
				"t=soon,v1=abc", "garbage", "t", ",,,")) {
			assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class).as(header)
				.isThrownBy(() -> this.verifier.verify(this.body, header));
		}
	}

	@Test
	void correctlySignedBodiesThatAreNotEventObjectsAreRejected() {
		for (String notAnEvent : List.of("{not json", "[]", "null", "\"event\"", "{}", "{\"object\":\"event\"}",
				"{\"id\":\"evt_1\",\"object\":\"charge\",\"type\":\"charge.refunded\",\"created\":1,\"data\":{\"object\":{}}}")) {
			assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class).as(notAnEvent)
				.isThrownBy(() -> this.verifier.verify(notAnEvent, header(notAnEvent, SECRET, T)));
		}
	}

	@Test
	void withoutAConfiguredSecretEveryEventIsRejected() {
		WebhookVerifier unconfigured = new WebhookVerifier(List.of(), Clock.fixed(NOW, ZoneOffset.UTC));

		assertThatExceptionOfType(WebhookVerifier.WebhookRejected.class)
			.isThrownBy(() -> unconfigured.verify(this.body, header(this.body, SECRET, T)));
	}

}
