package io.turnstile.auth.account;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import io.turnstile.auth.device.SignOut;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Device;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.UnknownGrant;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The account page ({@code /}): who is signed in, their plan and its limits, and their devices, each of
 * which they can sign out (or all of them).
 */
@Controller
class AccountController {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final People people;

	private final Entitlements entitlements;

	private final Devices devices;

	private final SignOut signOut;

	AccountController(People people, Entitlements entitlements, Devices devices, SignOut signOut) {
		this.people = people;
		this.entitlements = entitlements;
		this.devices = devices;
		this.signOut = signOut;
	}

	@GetMapping("/")
	String account(Authentication authentication, Model model) {
		this.people.findById(authentication.getName()).ifPresent((person) -> {
			model.addAttribute("email", person.email());
			model.addAttribute("name", (person.displayName() != null) ? person.displayName() : person.email());
			AccountId id = new AccountId(person.id());
			EntitlementSnapshot plan = this.entitlements.current(id);
			model.addAttribute("plan", plan.tier().code());
			model.addAttribute("streams", plan.tier().streams());
			model.addAttribute("deviceLimit", plan.tier().devices());
			List<Device> active = this.devices.active(id);
			model.addAttribute("devices", active.stream()
				.map((device) -> Map.of("id", device.id(), "name", device.name(), "lastSeen",
						WHEN.format(device.lastSeen())))
				.toList());
			model.addAttribute("atLimit", active.size() >= plan.tier().devices());
		});
		return "home";
	}

	@PostMapping("/account/devices/{deviceId}/sign-out")
	String signOut(Authentication authentication, @PathVariable String deviceId) {
		try {
			this.signOut.device(new AccountId(authentication.getName()), deviceId);
		}
		catch (UnknownGrant ex) {
			return "redirect:/?unknownDevice";
		}
		return "redirect:/?signedOut";
	}

	@PostMapping("/account/devices/sign-out")
	String signOutEverywhere(Authentication authentication) {
		this.signOut.everywhere(new AccountId(authentication.getName()));
		return "redirect:/?signedOut";
	}

}
