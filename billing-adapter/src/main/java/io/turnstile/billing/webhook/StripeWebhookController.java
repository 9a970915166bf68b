package io.turnstile.billing.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

import com.stripe.model.Event;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /billing/stripe/webhook}: verify, store, answer, apply (stripe-contract.md 1-4). Bad input
 * is a 400 with no detail and leaves no trace; a duplicate is a 2xx with no further work; a 5xx only when
 * the event could not be stored. Applying never changes the answer: a failed apply is retried from the
 * stored copy. Neither the body nor the header is ever logged.
 */
@RestController
class StripeWebhookController {

	static final String PATH = "/billing/stripe/webhook";

	private static final Log logger = LogFactory.getLog(StripeWebhookController.class);

	private final WebhookVerifier verifier;

	private final ReceivedEvents received;

	private final EventApplication application;

	StripeWebhookController(WebhookVerifier verifier, ReceivedEvents received, EventApplication application) {
		this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
		this.received = Objects.requireNonNull(received, "received cannot be null");
		this.application = Objects.requireNonNull(application, "application cannot be null");
	}

	@PostMapping(PATH)
	ResponseEntity<Map<String, Object>> receive(
			@RequestHeader(name = "Stripe-Signature", required = false) @Nullable String signature,
			@RequestBody(required = false) byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return ResponseEntity.badRequest().build();
		}
		String payload = new String(body, StandardCharsets.UTF_8);
		Event event;
		try {
			event = this.verifier.verify(payload, signature);
		}
		catch (WebhookVerifier.WebhookRejected ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refused a Stripe webhook: " + ex.getMessage());
			}
			return ResponseEntity.badRequest().build();
		}
		boolean fresh;
		try {
			fresh = this.received.store(event, payload);
		}
		catch (RuntimeException ex) {
			logger.error("Could not store Stripe event " + event.getId() + " (" + ex.getClass().getSimpleName()
					+ "); answering 500 so that Stripe retries");
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).build();
		}
		if (!fresh) {
			return ResponseEntity.ok(Map.of("received", true, "duplicate", true));
		}
		try {
			this.application.apply(event.getId(), event, false);
		}
		catch (RuntimeException ex) {
			logger.error("Applying Stripe event " + event.getId() + " failed before its failure could be recorded ("
					+ ex.getClass().getSimpleName() + "); it stays received and is picked up again");
		}
		return ResponseEntity.ok(Map.of("received", true));
	}

}
