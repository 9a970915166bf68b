package io.turnstile.auth.billing;

import java.time.Duration;
import java.time.Instant;

import io.turnstile.billing.TestStripeEvents;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.PayPerViewEvent;

/** Pay-per-view events of the catalog and their paid checkouts, for tests. */
final class TestPayPerView {

	static final Change CHANGE = new Change("tests", "catalog for billing tests");

	/** Starts in three days; doors open 30 minutes before, replay lasts 48 hours after its 3 hours. */
	static final Instant STARTS = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

	private TestPayPerView() {
	}

	static PayPerViewEvent event(String id) {
		return new PayPerViewEvent(id, "Fight Night " + id, STARTS, STARTS.plus(Duration.ofHours(3)),
				Duration.ofMinutes(30), Duration.ofHours(48));
	}

	/** A paid pay-per-view Checkout for the event, with the catalog's window in its metadata. */
	static TestStripeEvents.Event paidCheckout(TestStripeEvents.Scenario scenario, String eventId) {
		PayPerViewEvent event = event(eventId);
		return scenario.event("checkout.session.completed.ppv")
			.object("metadata.ppv_event_id", eventId)
			.object("metadata.ppv_access_start", Long.toString(event.notBefore().getEpochSecond()))
			.object("metadata.ppv_access_end", Long.toString(event.expiresAt().getEpochSecond()));
	}

}
