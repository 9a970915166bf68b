package io.turnstile.billing.webhook;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.jspecify.annotations.Nullable;

/**
 * Checks a webhook before anything else (stripe-contract.md 1, 2): the {@code Stripe-Signature} header
 * must be present, and {@code Webhook.constructEvent} must verify the raw body with one of the configured
 * secrets (several while a secret is rotated) within the 300 s tolerance; the verified body must be an
 * event object.
 */
class WebhookVerifier {

	private final List<String> secrets;

	private final Clock clock;

	WebhookVerifier(List<String> secrets, Clock clock) {
		this.secrets = List.copyOf(secrets);
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	Event verify(String payload, @Nullable String signatureHeader) throws WebhookRejected {
		if (signatureHeader == null || signatureHeader.isBlank()) {
			// stripe-java throws a NullPointerException for a missing header: never get that far.
			throw new WebhookRejected("no Stripe-Signature header");
		}
		for (String secret : this.secrets) {
			Event event;
			try {
				event = Webhook.constructEvent(payload, signatureHeader, secret, Webhook.DEFAULT_TOLERANCE, this.clock);
			}
			catch (SignatureVerificationException ex) {
				continue;
			}
			catch (RuntimeException ex) {
				// A header that cannot be parsed, or a verified body that is not a JSON object.
				throw new WebhookRejected("malformed header or body");
			}
			return requireEvent(event);
		}
		throw new WebhookRejected(this.secrets.isEmpty() ? "no webhook secret is configured"
				: "no signature matches a configured secret within the tolerance");
	}

	private static Event requireEvent(@Nullable Event event) throws WebhookRejected {
		if (event == null || !"event".equals(event.getObject()) || blankOrLong(event.getId(), 255)
				|| blankOrLong(event.getType(), 100) || event.getCreated() == null || event.getData() == null) {
			throw new WebhookRejected("not an event object");
		}
		return event;
	}

	private static boolean blankOrLong(@Nullable String value, int max) {
		return value == null || value.isBlank() || value.length() > max;
	}

	/** Why a webhook was refused: answered 400, and nothing is stored. */
	static final class WebhookRejected extends Exception {

		WebhookRejected(String reason) {
			super(reason, null, false, false);
		}

	}

}
