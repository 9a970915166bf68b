package io.turnstile.auth.console;

import java.time.Clock;
import java.time.Instant;

import io.turnstile.auth.client.ClientRegistrations;
import io.turnstile.auth.page.Times;
import io.turnstile.billing.ParkedEvents;
import io.turnstile.entitlements.EntitlementChange;
import io.turnstile.entitlements.Entitlements;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /admin}: the console's start page: find a person, what needs attention (parked and failed
 * Stripe events), the catalog at a glance, and the latest recorded changes.
 */
@Controller
class ConsoleHomeController {

	private final Entitlements entitlements;

	private final ParkedEvents billingEvents;

	private final ClientRegistrations clients;

	private final Clock clock = Clock.systemUTC();

	ConsoleHomeController(Entitlements entitlements, ParkedEvents billingEvents, ClientRegistrations clients) {
		this.entitlements = entitlements;
		this.billingEvents = billingEvents;
		this.clients = clients;
	}

	@GetMapping("/admin")
	String home(Model model) {
		Instant now = this.clock.instant();
		model.addAttribute("parked", this.billingEvents.parked().size());
		model.addAttribute("failed", this.billingEvents.failed().size());
		model.addAttribute("clients", this.clients.all().size());
		model.addAttribute("upcomingEvents",
				this.entitlements.events().stream().filter((event) -> event.expiresAt().isAfter(now)).count());
		model.addAttribute("changes",
				this.entitlements.recentChanges().stream().limit(10).map(ChangeRow::of).toList());
		return "console/home";
	}

	/** One recorded change, as the console lists it. */
	record ChangeRow(String at, @Nullable String userId, String actor, String action, @Nullable String reason) {

		static ChangeRow of(EntitlementChange change) {
			return new ChangeRow(Times.dateTime(change.at()),
					(change.userId() != null) ? change.userId().value() : null, change.actor(), change.action(),
					change.reason());
		}

	}

}
