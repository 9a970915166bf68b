package io.turnstile.entitlements;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A device holding a person's tokens: one refresh-token family.
 *
 * @param id the device id, the {@code did} of its access tokens
 * @param userId whose
 * @param clientId the app it signed in with
 * @param name what the person sees ("Living-room TV", "Demo web app on Firefox")
 * @param signInMethod {@code authorization_code} or {@code device_code}
 * @param firstSeen when it signed in
 * @param lastSeen when it last got tokens
 * @param signedOutAt when it was signed out, if it was
 */
public record Device(String id, AccountId userId, String clientId, String name, String signInMethod,
		Instant firstSeen, Instant lastSeen, @Nullable Instant signedOutAt) {

	public Device {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(userId, "userId cannot be null");
	}

	public boolean isActive() {
		return this.signedOutAt == null;
	}

}
