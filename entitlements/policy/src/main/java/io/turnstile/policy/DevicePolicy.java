package io.turnstile.policy;

/**
 * When the caller names the playing device, it must be the device the token was issued to ({@code did}).
 */
final class DevicePolicy implements AccessPolicy {

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		String device = context.deviceId();
		if (device == null || device.equals(claims.deviceId())) {
			return Decision.permit();
		}
		return Decision.deny(Reason.DEVICE_MISMATCH);
	}

}
