package io.turnstile.auth.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.turnstile.auth.device.SignOut;
import io.turnstile.auth.page.Times;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.Device;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.StreamLeases;
import io.turnstile.entitlements.TierSource;
import io.turnstile.entitlements.UnknownGrant;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The account page ({@code /}): who is signed in, their plan and its limits, their pay-per-view passes with
 * their windows, what is playing now, and their devices, each of which they can sign out (or all of them).
 */
@Controller
class AccountController {

	private final People people;

	private final Entitlements entitlements;

	private final Devices devices;

	private final StreamLeases streams;

	private final SignOut signOut;

	private final Clock clock = Clock.systemUTC();

	AccountController(People people, Entitlements entitlements, Devices devices, StreamLeases streams,
			SignOut signOut) {
		this.people = people;
		this.entitlements = entitlements;
		this.devices = devices;
		this.streams = streams;
		this.signOut = signOut;
	}

	@GetMapping("/")
	String account(Authentication authentication, Model model) {
		this.people.findById(authentication.getName()).ifPresent((person) -> {
			Instant now = this.clock.instant();
			AccountId id = new AccountId(person.id());
			EntitlementSnapshot snapshot = this.entitlements.current(id);
			List<Device> active = this.devices.active(id);
			Map<String, String> deviceNames = active.stream()
				.collect(Collectors.toMap(Device::id, Device::name, (first, second) -> first));
			model.addAttribute("email", person.email());
			model.addAttribute("name", (person.displayName() != null) ? person.displayName() : person.email());
			model.addAttribute("memberSince", Times.date(person.createdAt()));
			model.addAttribute("plan", Plan.of(snapshot, active.size()));
			model.addAttribute("passes", passes(id, now));
			model.addAttribute("streams", this.streams.active(id)
				.stream()
				.map((lease) -> new Stream(lease.contentId(), deviceNames.getOrDefault(lease.deviceId(), "Another device"),
						Times.time(lease.startedAt())))
				.toList());
			model.addAttribute("devices", active.stream()
				.map((device) -> new DeviceRow(device.id(), device.name(), Times.dateTime(device.firstSeen()),
						Times.dateTime(device.lastSeen())))
				.toList());
			model.addAttribute("atLimit", active.size() >= snapshot.tier().devices());
		});
		model.addAttribute("operator", authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority())));
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

	/** Passes whose window has not ended and that were not revoked, soonest first. */
	private List<Pass> passes(AccountId id, Instant now) {
		Map<String, PayPerViewEvent> events = this.entitlements.events()
			.stream()
			.collect(Collectors.toMap(PayPerViewEvent::id, Function.identity(), (first, second) -> first));
		return this.entitlements.payPerViewGrants(id)
			.stream()
			.filter((grant) -> grant.state() != PayPerViewGrant.State.REVOKED && now.isBefore(grant.expiresAt()))
			.sorted(Comparator.comparing(PayPerViewGrant::notBefore))
			.map((grant) -> Pass.of(grant, events.get(grant.eventId()), now))
			.toList();
	}

	/** The plan and its limits, in the words of the person who has it. */
	record Plan(String tier, String source, List<String> features, int streams, int deviceLimit, int devicesInUse,
			@Nullable String subscription) {

		private static final Map<String, String> FEATURES = Map.of("sd", "SD", "hd", "HD", "uhd", "4K Ultra HD",
				"downloads", "Downloads", "ad_free", "No ads");

		private static final List<String> ORDER = List.of("sd", "hd", "uhd", "downloads", "ad_free");

		static Plan of(EntitlementSnapshot snapshot, int devicesInUse) {
			String source = switch (snapshot.tierSource()) {
				case BILLING -> "Your subscription";
				case COMP -> "A complimentary plan from us";
				case DEFAULT -> "The free plan: no subscription";
			};
			List<String> features = snapshot.tier()
				.features()
				.stream()
				.sorted(Comparator.comparingInt((String feature) -> ORDER.contains(feature) ? ORDER.indexOf(feature)
						: ORDER.size()).thenComparing(Comparator.naturalOrder()))
				.map((feature) -> FEATURES.getOrDefault(feature, feature))
				.toList();
			return new Plan(snapshot.tier().code(), source, features, snapshot.tier().streams(),
					snapshot.tier().devices(), devicesInUse, subscription(snapshot));
		}

		private static @Nullable String subscription(EntitlementSnapshot snapshot) {
			BillingSubscription subscription = snapshot.subscription();
			if (subscription == null) {
				return null;
			}
			String status = subscription.status().replace('_', ' ');
			if (subscription.currentPeriodEnd() == null) {
				return status;
			}
			String end = Times.date(subscription.currentPeriodEnd());
			if (subscription.cancelAtPeriodEnd()) {
				return status + ", ends " + end;
			}
			return subscription.grantsAccess() && snapshot.tierSource() != TierSource.DEFAULT
					? status + ", renews " + end : status + ", period ended " + end;
		}

	}

	/**
	 * A pay-per-view pass.
	 * @param status {@code open}, {@code upcoming} or {@code suspended}
	 */
	record Pass(String title, String eventId, String from, String until, String status, String statusText) {

		static Pass of(PayPerViewGrant grant, @Nullable PayPerViewEvent event, Instant now) {
			String title = (event != null) ? event.title() : grant.eventId();
			String status;
			String text;
			if (grant.state() == PayPerViewGrant.State.SUSPENDED) {
				status = "suspended";
				text = "On hold while a payment is disputed";
			}
			else if (now.isBefore(grant.notBefore())) {
				status = "upcoming";
				text = "Opens " + Times.dateTime(grant.notBefore());
			}
			else {
				status = "open";
				text = "Open now";
			}
			return new Pass(title, grant.eventId(), Times.dateTime(grant.notBefore()),
					Times.dateTime(grant.expiresAt()), status, text);
		}

	}

	record Stream(String contentId, String deviceName, String since) {
	}

	record DeviceRow(String id, String name, String firstSeen, String lastSeen) {
	}

}
