package io.turnstile.entitlements;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A person's right to watch one pay-per-view event inside its window.
 *
 * @param id the grant's id
 * @param userId whose
 * @param eventId which event
 * @param notBefore start of the window
 * @param expiresAt end of the window (exclusive)
 * @param state {@code ACTIVE}, {@code SUSPENDED} or {@code REVOKED}
 * @param source {@code comp} (operator) or {@code billing}
 * @param revokedReason why it was revoked or suspended, if it was
 */
public record PayPerViewGrant(long id, AccountId userId, String eventId, Instant notBefore, Instant expiresAt,
		State state, String source, @Nullable String revokedReason) {

	public PayPerViewGrant {
		Objects.requireNonNull(userId, "userId cannot be null");
		Objects.requireNonNull(eventId, "eventId cannot be null");
		Objects.requireNonNull(notBefore, "notBefore cannot be null");
		Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
		Objects.requireNonNull(state, "state cannot be null");
		Objects.requireNonNull(source, "source cannot be null");
	}

	/** Whether the grant counts: active and its window not yet over. */
	public boolean isCurrent(Instant now) {
		return this.state == State.ACTIVE && now.isBefore(this.expiresAt);
	}

	/** Whether the grant's window overlaps {@code [from, to)}. */
	public boolean overlaps(Instant from, Instant to) {
		return this.notBefore.isBefore(to) && this.expiresAt.isAfter(from);
	}

	public enum State {

		ACTIVE, SUSPENDED, REVOKED

	}

}
