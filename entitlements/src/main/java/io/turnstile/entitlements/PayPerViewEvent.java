package io.turnstile.entitlements;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pay-per-view event and its access window: doors open {@code opensBefore} the start, replay lasts
 * {@code replayAfter} the end.
 */
public record PayPerViewEvent(String id, String title, Instant startsAt, Instant endsAt, Duration opensBefore,
		Duration replayAfter) {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	public PayPerViewEvent {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(title, "title cannot be null");
		Objects.requireNonNull(startsAt, "startsAt cannot be null");
		Objects.requireNonNull(endsAt, "endsAt cannot be null");
		Objects.requireNonNull(opensBefore, "opensBefore cannot be null");
		Objects.requireNonNull(replayAfter, "replayAfter cannot be null");
		if (!ID.matcher(id).matches()) {
			throw new InvalidEntitlementRequest("An event id is 1-100 characters of [A-Za-z0-9._:-]");
		}
		if (title.isBlank() || title.length() > 200) {
			throw new InvalidEntitlementRequest("title must be 1-200 characters");
		}
		if (!endsAt.isAfter(startsAt)) {
			throw new InvalidEntitlementRequest("endsAt must be after startsAt");
		}
		if (opensBefore.isNegative() || replayAfter.isNegative()) {
			throw new InvalidEntitlementRequest("opensBefore and replayAfter cannot be negative");
		}
	}

	/** When a pass for this event starts to work. */
	public Instant notBefore() {
		return this.startsAt.minus(this.opensBefore);
	}

	/** When a pass for this event stops working. */
	public Instant expiresAt() {
		return this.endsAt.plus(this.replayAfter);
	}

}
