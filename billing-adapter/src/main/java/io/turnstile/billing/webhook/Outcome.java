package io.turnstile.billing.webhook;

import org.jspecify.annotations.Nullable;

/**
 * What applying an event came to: the event's state afterwards, why (parked, ignored), and the person.
 */
record Outcome(String state, @Nullable String reason, @Nullable String userId) {

	static Outcome applied(@Nullable String userId) {
		return new Outcome(StripeEventEntity.APPLIED, null, userId);
	}

	static Outcome superseded(@Nullable String userId, String why) {
		return new Outcome(StripeEventEntity.SUPERSEDED, why, userId);
	}

	static Outcome parked(String reason, @Nullable String userId) {
		return new Outcome(StripeEventEntity.PARKED, reason, userId);
	}

	static Outcome ignored(String why) {
		return new Outcome(StripeEventEntity.IGNORED, why, null);
	}

}
