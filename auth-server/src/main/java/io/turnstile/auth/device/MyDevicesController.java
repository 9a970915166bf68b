package io.turnstile.auth.device;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Device;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.UnknownGrant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/me/devices}: the signed-in person's devices; signing one out (or all) revokes its refresh
 * family and its live access tokens, and tells content services through the change feed.
 */
@RestController
@Tag(name = "My devices", description = "The signed-in person's devices")
class MyDevicesController {

	private final Devices devices;

	private final SignOut signOut;

	MyDevicesController(Devices devices, SignOut signOut) {
		this.devices = devices;
		this.signOut = signOut;
	}

	@GetMapping("/api/me/devices")
	@Operation(summary = "The person's signed-in devices", description = "Most recently seen first; 'current' marks the device of the token used.")
	@ExamplePayloads(response = """
			[{"id": "d-7a1c", "name": "Living-room TV", "clientId": "demo-tv", "firstSeen": 1797000000, "lastSeen": 1798000000, "current": false},
			 {"id": "d-19ff", "name": "Demo web app on Firefox", "clientId": "demo-web", "firstSeen": 1797500000, "lastSeen": 1798000100, "current": true}]""")
	List<DeviceJson> devices(@AuthenticationPrincipal Jwt token) {
		AccountId person = person(token);
		String current = token.getClaimAsString("did");
		return this.devices.active(person).stream().map((device) -> DeviceJson.of(device, current)).toList();
	}

	@DeleteMapping("/api/me/devices/{deviceId}")
	@Operation(summary = "Sign one device out", description = "Revokes its refresh-token family and live access tokens, and tells content services through the change feed; 204.")
	@ProblemResponses(Problems.UNKNOWN_DEVICE)
	@ResponseStatus(HttpStatus.NO_CONTENT)
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

	@Operation(summary = "Sign out everywhere", description = "Every device of the person, this one included; 204.")	@ResponseStatus(HttpStatus.NO_CONTENT)
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

	@Schema(name = "Device")
	record DeviceJson(String id, String name, String clientId, long firstSeen, long lastSeen, boolean current) {

		static DeviceJson of(Device device, String current) {
			return new DeviceJson(device.id(), device.name(), device.clientId(), device.firstSeen().getEpochSecond(),
					device.lastSeen().getEpochSecond(), device.id().equals(current));
		}

	}

}
