package io.turnstile.billing.webhook;

/**
 * An event whose object lacks a field billing reads (or cannot be read at all). For an event rendered
 * with another API release this is the {@code api_version} failure of stripe-contract.md 6: stored as
 * failed, shown in reconciliation, replayable after an upgrade.
 */
class UnreadableEvent extends RuntimeException {

	UnreadableEvent(String message) {
		super(message);
	}

	/** Requires a field the translator reads. */
	static <T> T require(@org.jspecify.annotations.Nullable T value, String field) {
		if (value == null) {
			throw new UnreadableEvent("missing " + field);
		}
		return value;
	}

}
