package io.turnstile.auth.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.page.Times;
import io.turnstile.billing.BillingEvent;
import io.turnstile.billing.Ledger;
import io.turnstile.billing.LedgerEntry;
import io.turnstile.billing.ParkedEvents;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.EntitlementException;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.StreamLeases;
import io.turnstile.entitlements.TierSource;
import io.turnstile.policy.Tier;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Finding a person (by e-mail or id) and their page: profile, rights (tier and where it comes from,
 * subscription, pay-per-view passes), devices, streams, billing events and recorded changes; comping a
 * tier or a pass and revoking it, each with a reason.
 */
@Controller
class ConsolePeopleController {

	static final String PATH = "/admin/console/people";

	private static final Instant NO_END = Instant.parse("9999-12-31T00:00:00Z");

	private static final int BILLING_ROWS = 50;

	private final People people;

	private final Entitlements entitlements;

	private final Devices devices;

	private final StreamLeases streams;

	private final Ledger ledger;

	private final ParkedEvents billingEvents;

	private final Clock clock = Clock.systemUTC();

	ConsolePeopleController(People people, Entitlements entitlements, Devices devices, StreamLeases streams,
			Ledger ledger, ParkedEvents billingEvents) {
		this.people = people;
		this.entitlements = entitlements;
		this.devices = devices;
		this.streams = streams;
		this.ledger = ledger;
		this.billingEvents = billingEvents;
	}

	@GetMapping(PATH)
	ModelAndView find(@RequestParam(name = "q", defaultValue = "") String query) {
		String wanted = query.trim();
		Optional<Person> person = wanted.isEmpty() ? Optional.empty()
				: this.people.findByEmail(wanted).or(() -> AccountId.isValid(wanted) ? this.people.findById(wanted)
						: Optional.empty());
		if (person.isPresent()) {
			return new ModelAndView("redirect:" + PATH + "/" + person.get().id());
		}
		if (wanted.isEmpty()) {
			return new ModelAndView("console/people", Map.of("q", ""));
		}
		ModelAndView notFound = new ModelAndView("console/people",
				Map.of("q", wanted, "error", "No one has that e-mail address or id."));
		notFound.setStatus(HttpStatus.NOT_FOUND);
		return notFound;
	}

	@GetMapping(PATH + "/{userId}")
	ModelAndView person(@PathVariable String userId) {
		Optional<Person> found = AccountId.isValid(userId) ? this.people.findById(userId) : Optional.empty();
		if (found.isEmpty()) {
			ModelAndView notFound = new ModelAndView("console/people",
					Map.of("q", "", "error", "No one has that id."));
			notFound.setStatus(HttpStatus.NOT_FOUND);
			return notFound;
		}
		Person person = found.get();
		AccountId id = new AccountId(person.id());
		Instant now = this.clock.instant();
		EntitlementSnapshot snapshot = this.entitlements.current(id);
		Map<String, PayPerViewEvent> events = this.entitlements.events()
			.stream()
			.collect(Collectors.toMap(PayPerViewEvent::id, Function.identity(), (first, second) -> first));
		ModelAndView page = new ModelAndView("console/person");
		page.addObject("person", new PersonRow(person.id(), person.email(),
				(person.displayName() != null) ? person.displayName() : "", Times.date(person.createdAt()),
				String.join(", ", person.roles().stream().sorted().toList())));
		page.addObject("rights", new Rights(snapshot.tier().code(), snapshot.tierSource().value(),
				snapshot.tierSource() == TierSource.COMP, snapshot.tier().streams(), snapshot.tier().devices(),
				subscription(snapshot.subscription()), snapshot.ver()));
		page.addObject("tiers", this.entitlements.catalog().tiers().stream().map(Tier::code).toList());
		page.addObject("passes", this.entitlements.payPerViewGrants(id)
			.stream()
			.map((grant) -> PassRow.of(grant, events.get(grant.eventId()), now))
			.toList());
		page.addObject("events", events.values()
			.stream()
			.filter((event) -> event.expiresAt().isAfter(now))
			.map((event) -> new EventOption(event.id(), event.title() + " (" + Times.date(event.startsAt()) + ")"))
			.toList());
		page.addObject("devices", this.devices.active(id)
			.stream()
			.map((device) -> new DeviceRow(device.name(), device.clientId(), device.signInMethod(),
					Times.dateTime(device.firstSeen()), Times.dateTime(device.lastSeen())))
			.toList());
		page.addObject("streams", this.streams.active(id)
			.stream()
			.map((lease) -> new StreamRow(lease.contentId(), lease.deviceId(), Times.dateTime(lease.startedAt()),
					Times.dateTime(lease.expiresAt())))
			.toList());
		page.addObject("ledger", ledger(id));
		page.addObject("unapplied", Stream.concat(this.billingEvents.parked().stream(),
				this.billingEvents.failed().stream())
			.filter((event) -> person.id().equals(event.userId()))
			.map(BillingEventRow::of)
			.toList());
		page.addObject("history", this.entitlements.history(id)
			.stream()
			.limit(30)
			.map(ConsoleHomeController.ChangeRow::of)
			.toList());
		return page;
	}

	@PostMapping(PATH + "/{userId}/comp")
	String compTier(@PathVariable String userId, @RequestParam(defaultValue = "") String tier,
			@RequestParam(required = false) @Nullable String until, @RequestParam(required = false) @Nullable String reason,
			Authentication operator, RedirectAttributes flash) {
		return act(userId, flash, (id) -> {
			Instant end = ConsoleForms.instant("Until", until);
			EntitlementSnapshot after = this.entitlements.compTier(id, tier, end, ConsoleForms.change(operator, reason));
			return "Comped the " + after.tier().code() + " tier"
					+ ((end != null) ? " until " + Times.dateTime(end) : "") + ".";
		});
	}

	@PostMapping(PATH + "/{userId}/comp/end")
	String endComp(@PathVariable String userId, @RequestParam(required = false) @Nullable String reason,
			Authentication operator, RedirectAttributes flash) {
		return act(userId, flash, (id) -> {
			EntitlementSnapshot after = this.entitlements.endComp(id, ConsoleForms.change(operator, reason));
			return "Ended the comp; the tier is now " + after.tier().code() + ".";
		});
	}

	@PostMapping(PATH + "/{userId}/passes")
	String grantPass(@PathVariable String userId, @RequestParam(defaultValue = "") String eventId,
			@RequestParam(required = false) @Nullable String reason, Authentication operator,
			RedirectAttributes flash) {
		return act(userId, flash, (id) -> {
			if (eventId.isBlank()) {
				throw new ConsoleForms.ConsoleRejected("Choose an event.");
			}
			PayPerViewGrant grant = this.entitlements.grantPayPerView(id, eventId, "comp",
					ConsoleForms.change(operator, reason));
			return "Comped a pass for " + grant.eventId() + ".";
		});
	}

	@PostMapping(PATH + "/{userId}/passes/{grantId}/revoke")
	String revokePass(@PathVariable String userId, @PathVariable long grantId,
			@RequestParam(required = false) @Nullable String reason, Authentication operator,
			RedirectAttributes flash) {
		return act(userId, flash, (id) -> {
			PayPerViewGrant revoked = this.entitlements.revokePayPerView(id, grantId,
					ConsoleForms.change(operator, reason));
			return "Revoked the pass for " + revoked.eventId() + ".";
		});
	}

	/** Runs an operator's change and comes back to the person's page with what happened. */
	private String act(String userId, RedirectAttributes flash, Function<AccountId, String> change) {
		if (!AccountId.isValid(userId) || this.people.findById(userId).isEmpty()) {
			flash.addFlashAttribute("error", "No one has that id.");
			return "redirect:" + PATH;
		}
		try {
			flash.addFlashAttribute("notice", change.apply(new AccountId(userId)));
		}
		catch (EntitlementException | ConsoleForms.ConsoleRejected ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:" + PATH + "/" + userId;
	}

	/** The person's billing events in the ledger, newest first. */
	private List<LedgerRow> ledger(AccountId id) {
		List<LedgerEntry> entries = new ArrayList<>();
		this.ledger.forEach(new Ledger.Query(Instant.EPOCH, NO_END, id), entries::add);
		Collections.reverse(entries);
		return entries.stream().limit(BILLING_ROWS).map(LedgerRow::of).toList();
	}

	private static @Nullable String subscription(@Nullable BillingSubscription subscription) {
		if (subscription == null) {
			return null;
		}
		return subscription.id() + ": " + subscription.status()
				+ ((subscription.tier() != null) ? ", " + subscription.tier() : "")
				+ ((subscription.currentPeriodEnd() != null)
						? (subscription.cancelAtPeriodEnd() ? ", ends " : ", period ends ")
								+ Times.date(subscription.currentPeriodEnd())
						: "");
	}

	record PersonRow(String id, String email, String name, String memberSince, String roles) {
	}

	record Rights(String tier, String source, boolean comped, int streams, int devices, @Nullable String subscription,
			long ver) {
	}

	record PassRow(long id, String event, String eventId, String from, String until, String state, String source,
			@Nullable String reason, boolean revocable) {

		static PassRow of(PayPerViewGrant grant, @Nullable PayPerViewEvent event, Instant now) {
			String state = grant.state().name().toLowerCase(java.util.Locale.ROOT);
			if (grant.state() == PayPerViewGrant.State.ACTIVE && !now.isBefore(grant.expiresAt())) {
				state = "ended";
			}
			return new PassRow(grant.id(), (event != null) ? event.title() : grant.eventId(), grant.eventId(),
					Times.dateTime(grant.notBefore()), Times.dateTime(grant.expiresAt()), state, grant.source(),
					grant.revokedReason(), grant.state() != PayPerViewGrant.State.REVOKED);
		}

	}

	record EventOption(String id, String label) {
	}

	record DeviceRow(String name, String clientId, String signInMethod, String firstSeen, String lastSeen) {
	}

	record StreamRow(String contentId, String deviceId, String startedAt, String expiresAt) {
	}

	record LedgerRow(String occurredAt, String kind, String objectId, String amount, String effect, String eventId) {

		static LedgerRow of(LedgerEntry entry) {
			String amount = (entry.currency() != null)
					? String.format(java.util.Locale.ROOT, "%d.%02d %s", entry.amountMinor() / 100,
							Math.abs(entry.amountMinor() % 100), entry.currency().toUpperCase(java.util.Locale.ROOT))
					: Long.toString(entry.amountMinor());
			return new LedgerRow(Times.dateTime(entry.occurredAt()), entry.kind(), entry.objectId(), amount,
					entry.effect(), entry.eventId());
		}

	}

	record BillingEventRow(String eventId, String type, String state, @Nullable String reason, String receivedAt,
			int attempts) {

		static BillingEventRow of(BillingEvent event) {
			return new BillingEventRow(event.id(), event.type(), event.state(), event.reason(),
					Times.dateTime(event.receivedAt()), event.attempts());
		}

	}

}
