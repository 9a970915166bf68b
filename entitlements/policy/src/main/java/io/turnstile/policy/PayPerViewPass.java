package io.turnstile.policy;

import java.util.Objects;

/**
 * A pay-per-view grant carried in a token's {@code ent.ppv}: the person may watch event {@code id} from
 * {@code notBefore} (inclusive) until {@code expiresAt} (exclusive), both in epoch seconds.
 */
public record PayPerViewPass(String id, long notBefore, long expiresAt) {

	public PayPerViewPass {
		Objects.requireNonNull(id, "id");
		if (id.isBlank()) {
			throw new IllegalArgumentException("pay-per-view event id must not be blank");
		}
		if (expiresAt <= notBefore) {
			throw new IllegalArgumentException("pay-per-view window of " + id + " must end after it opens");
		}
	}

	/**
	 * Whether the window is open at this epoch second.
	 */
	public boolean isOpenAt(long epochSecond) {
		return epochSecond >= this.notBefore && epochSecond < this.expiresAt;
	}

}
