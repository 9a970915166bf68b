package io.turnstile.entitlements;

import java.util.Objects;

/**
 * Who or what makes a change, and why: recorded with every change.
 *
 * @param actor an operator's person id, a client id, or a system name such as {@code billing}
 * @param reason why, in words (required for operator changes)
 */
public record Change(String actor, String reason) {

	public Change {
		Objects.requireNonNull(actor, "actor cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		if (actor.isBlank() || actor.length() > 200) {
			throw new InvalidEntitlementRequest("actor must be 1-200 characters");
		}
		if (reason.isBlank() || reason.length() > 500) {
			throw new InvalidEntitlementRequest("reason must be 1-500 characters");
		}
	}

}
