package io.turnstile.entitlements;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One recorded change: who or what, when, why, before and after.
 *
 * @param userId whose entitlements changed, or {@code null} for a catalog change
 * @param ver the person's version after the change
 */
public record EntitlementChange(long id, @Nullable AccountId userId, long ver, String actor, String action,
		@Nullable String reason, @Nullable String before, @Nullable String after, Instant at) {
}
