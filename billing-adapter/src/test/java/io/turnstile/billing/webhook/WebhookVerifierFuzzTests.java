package io.turnstile.billing.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.stripe.model.Event;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the Stripe event intake parser ({@link WebhookVerifier}): any body with any
 * {@code Stripe-Signature} header, half of them correctly signed. It never throws anything but its own
 * refusal, never accepts an unsigned or wrongly signed body, and what it accepts is an event object with
 * an id and a type.
 */
class WebhookVerifierFuzzTests {

	static final String SECRET = "whsec_fuzz_secret_for_tests";

	static final Instant NOW = Instant.parse("2026-11-22T20:00:00Z");

	final WebhookVerifier verifier = new WebhookVerifier(List.of(SECRET), Clock.fixed(NOW, ZoneOffset.UTC));

	@FuzzTest(maxDuration = "15s")
	void anyBodyAndHeaderIsVerifiedOrRefusedAndOnlySignedEventsPass(FuzzedDataProvider data) throws Exception {
		boolean signed = data.consumeBoolean();
		String header = data.consumeString(300);
		String body = data.consumeRemainingAsString();
		if (signed) {
			header = "t=" + NOW.getEpochSecond() + ",v1=" + hmac(NOW.getEpochSecond() + "." + body);
		}
		Event event;
		try {
			event = this.verifier.verify(body, header);
		}
		catch (WebhookVerifier.WebhookRejected refused) {
			return;
		}
		assertThat(signed).as("only a correctly signed body is accepted").isTrue();
		assertThat(event.getId()).isNotBlank();
		assertThat(event.getType()).isNotBlank();
	}

	private static String hmac(String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

}
