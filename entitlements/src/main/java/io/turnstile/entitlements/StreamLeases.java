package io.turnstile.entitlements;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Concurrent-stream leases. Starting playback takes a lease that lives for the configured TTL; each
 * heartbeat extends it by the TTL; a lease without heartbeats expires and stops counting. A person may
 * hold at most their tier's {@code streams} unexpired leases. Starts of one person are serialized, so
 * concurrent starts can never exceed the limit.
 */
public interface StreamLeases {

	/**
	 * Takes a lease for {@code contentId} on {@code deviceId}. With {@code handoffFrom}, ends that lease of
	 * the same person and takes the new one in one transaction, so a handoff succeeds even at the limit.
	 * @throws StreamLimitReached if the person already holds as many unexpired leases as their tier allows
	 * @throws UnknownStreamLease if {@code handoffFrom} is not an unexpired lease of this person
	 * @throws InvalidEntitlementRequest if an id is blank or too long
	 */
	StreamLease start(AccountId userId, String contentId, String deviceId, @Nullable UUID handoffFrom);

	/**
	 * Extends an unexpired lease to now plus the TTL.
	 * @throws UnknownStreamLease if the person has no such unexpired lease
	 */
	StreamLease heartbeat(AccountId userId, UUID leaseId);

	/**
	 * Ends a lease.
	 * @throws UnknownStreamLease if the person has no such unexpired lease
	 */
	void stop(AccountId userId, UUID leaseId);

	/** The person's unexpired leases, oldest first. */
	List<StreamLease> active(AccountId userId);

}
