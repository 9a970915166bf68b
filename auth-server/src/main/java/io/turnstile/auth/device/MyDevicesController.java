package io.turnstile.auth.device;

import java.util.List;

import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Device;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.UnknownGrant;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/me/devices}: the signed-in person's devices; signing one out (or all) revokes its refresh
 * family and its live access tokens, and tells content services through the change feed.
 */
@RestController
class MyDevicesController {

	private final Devices devices;

	private final SignOut signOut;

	MyDevicesController(Devices devices, SignOut signOut) {
		this.devices = devices;
		this.signOut = signOut;
	}

	@GetMapping("/api/me/devices")
	List<DeviceJson> devices(@AuthenticationPrincipal Jwt token) {
		AccountId person = person(token);
		String current = token.getClaimAsString("did");
		return this.devices.active(person).stream().map((device) -> DeviceJson.of(device, current)).toList();
	}

	@DeleteMapping("/api/me/devices/{deviceId}")
	ResponseEntity<Void> signOut(@AuthenticationPrincipal Jwt token, @PathVariable String deviceId) {
		try {
			this.signOut.device(person(token), deviceId);
		}
		catch (UnknownGrant ex) {
			throw new ApiException(Problems.UNKNOWN_DEVICE, "You have no signed-in device with this id");
		}
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/api/me/devices")
	ResponseEntity<Void> signOutEverywhere(@AuthenticationPrincipal Jwt token) {
		this.signOut.everywhere(person(token));
		return ResponseEntity.noContent().build();
	}

	private static AccountId person(Jwt token) {
		if (token.getClaim("ent") == null || !AccountId.isValid(token.getSubject())) {
			throw new ApiException(Problems.FORBIDDEN, "This endpoint needs a person's access token");
		}
		return new AccountId(token.getSubject());
	}

	record DeviceJson(String id, String name, String clientId, long firstSeen, long lastSeen, boolean current) {

		static DeviceJson of(Device device, String current) {
			return new DeviceJson(device.id(), device.name(), device.clientId(), device.firstSeen().getEpochSecond(),
					device.lastSeen().getEpochSecond(), device.id().equals(current));
		}

	}

}
