package io.turnstile.entitlements;

import java.util.List;
import java.util.Optional;

/**
 * The device registry: every device that holds a person's tokens, within their tier's device limit.
 */
public interface Devices {

	/**
	 * Registers a new device, or notes that a known one was seen again.
	 * @throws DeviceLimitReached if the device is new and the person already has as many active devices
	 * as their tier allows
	 */
	Device register(AccountId userId, String deviceId, String clientId, String name, String signInMethod);

	/** Forgets a device registered for a sign-in that then failed (it never received tokens). */
	void forget(String deviceId);

	/** Notes that a device was seen (it refreshed its tokens). */
	void seen(String deviceId);

	Optional<Device> find(String deviceId);

	/** The person's active devices, most recently seen first. */
	List<Device> active(AccountId userId);

	/**
	 * Marks a device signed out because its refresh-token family was revoked (by reuse detection or by
	 * revocation); nothing happens if it is unknown or already signed out.
	 * @return whether it was active until now
	 */
	boolean revoked(String deviceId);

	/**
	 * Signs one device out; its tokens must be revoked by the caller in the same transaction.
	 * @throws UnknownGrant if the person has no such active device
	 */
	Device signOut(AccountId userId, String deviceId);

}
