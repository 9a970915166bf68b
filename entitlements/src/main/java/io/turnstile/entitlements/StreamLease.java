package io.turnstile.entitlements;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One playback a person has going: it counts against their tier's concurrent-stream limit until it is
 * stopped, handed off, or expires for want of heartbeats.
 *
 * @param leaseId random, unguessable id of the lease
 * @param userId whose stream it is
 * @param contentId what is playing (the content service's id)
 * @param deviceId the device playing it (the {@code did} of the token that started it)
 * @param startedAt when the lease was taken
 * @param expiresAt when it stops counting unless a heartbeat extends it
 */
public record StreamLease(UUID leaseId, AccountId userId, String contentId, String deviceId, Instant startedAt,
		Instant expiresAt) {

	public StreamLease {
		Objects.requireNonNull(leaseId, "leaseId cannot be null");
		Objects.requireNonNull(userId, "userId cannot be null");
		Objects.requireNonNull(contentId, "contentId cannot be null");
		Objects.requireNonNull(deviceId, "deviceId cannot be null");
		Objects.requireNonNull(startedAt, "startedAt cannot be null");
		Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
	}

}
