package io.turnstile.auth.console;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.turnstile.auth.page.Times;
import io.turnstile.billing.BillingException;
import io.turnstile.billing.PriceTiers;
import io.turnstile.entitlements.EntitlementException;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.policy.Tier;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What is for sale: the Stripe price to tier map (operators' entries win over configured ones) and the
 * pay-per-view events with their windows.
 */
@Controller
class ConsoleCatalogController {

	static final String PRICES = "/admin/console/prices";

	static final String EVENTS = "/admin/console/ppv-events";

	private final PriceTiers prices;

	private final Entitlements entitlements;

	ConsoleCatalogController(PriceTiers prices, Entitlements entitlements) {
		this.prices = prices;
		this.entitlements = entitlements;
	}

	@GetMapping(PRICES)
	ModelAndView prices() {
		return new ModelAndView("console/prices", Map.of("prices", this.prices.entries(), "tiers",
				this.entitlements.catalog().tiers().stream().map(Tier::code).toList()));
	}

	@PostMapping(PRICES)
	String map(@RequestParam(defaultValue = "") String priceKey, @RequestParam(defaultValue = "") String tier,
			Authentication operator, RedirectAttributes flash) {
		try {
			if (priceKey.isBlank() || priceKey.length() > 255) {
				throw new ConsoleForms.ConsoleRejected("Type a price id (price_…) or lookup key of 1-255 characters.");
			}
			PriceTiers.PriceTier entry = this.prices.map(priceKey.trim(), tier, operator.getName());
			flash.addFlashAttribute("notice", entry.priceKey() + " now pays for " + entry.tier() + ".");
		}
		catch (EntitlementException | BillingException | IllegalArgumentException | ConsoleForms.ConsoleRejected ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:" + PRICES;
	}

	@PostMapping(PRICES + "/remove")
	String unmap(@RequestParam(defaultValue = "") String priceKey, RedirectAttributes flash) {
		if (this.prices.unmap(priceKey)) {
			flash.addFlashAttribute("notice", "Removed the entry for " + priceKey + ".");
		}
		else {
			flash.addFlashAttribute("error", "Operators have no entry for " + priceKey + ".");
		}
		return "redirect:" + PRICES;
	}

	@GetMapping(EVENTS)
	ModelAndView events(@RequestParam(required = false) @Nullable String edit) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("events", this.entitlements.events().stream().map(EventRow::of).toList());
		model.put("form", (edit != null) ? this.entitlements.event(edit).map(EventForm::of).orElse(EventForm.EMPTY)
				: EventForm.EMPTY);
		return new ModelAndView("console/ppv-events", model);
	}

	@PostMapping(EVENTS)
	String define(@RequestParam(defaultValue = "") String id, @RequestParam(defaultValue = "") String title,
			@RequestParam(required = false) @Nullable String startsAt,
			@RequestParam(required = false) @Nullable String endsAt,
			@RequestParam(defaultValue = "30") long opensBeforeMinutes,
			@RequestParam(defaultValue = "48") long replayAfterHours,
			@RequestParam(required = false) @Nullable String reason, Authentication operator,
			RedirectAttributes flash) {
		try {
			Instant starts = ConsoleForms.instant("Starts", startsAt);
			Instant ends = ConsoleForms.instant("Ends", endsAt);
			if (starts == null || ends == null) {
				throw new ConsoleForms.ConsoleRejected("Give the start and end of the event.");
			}
			PayPerViewEvent event = this.entitlements.defineEvent(
					new PayPerViewEvent(id.trim(), title.trim(), starts, ends, Duration.ofMinutes(opensBeforeMinutes),
							Duration.ofHours(replayAfterHours)),
					ConsoleForms.change(operator, (reason == null || reason.isBlank()) ? "catalog update" : reason));
			flash.addFlashAttribute("notice", "Saved " + event.title() + ": passes work from "
					+ Times.dateTime(event.notBefore()) + " until " + Times.dateTime(event.expiresAt()) + ".");
		}
		catch (EntitlementException | ConsoleForms.ConsoleRejected ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:" + EVENTS;
	}

	record EventRow(String id, String title, String startsAt, String endsAt, String opens, String closes) {

		static EventRow of(PayPerViewEvent event) {
			return new EventRow(event.id(), event.title(), Times.dateTime(event.startsAt()),
					Times.dateTime(event.endsAt()), Times.dateTime(event.notBefore()),
					Times.dateTime(event.expiresAt()));
		}

	}

	record EventForm(String id, String title, String startsAt, String endsAt, long opensBeforeMinutes,
			long replayAfterHours) {

		static final EventForm EMPTY = new EventForm("", "", "", "", 30, 48);

		static EventForm of(PayPerViewEvent event) {
			return new EventForm(event.id(), event.title(), ConsoleForms.local(event.startsAt()),
					ConsoleForms.local(event.endsAt()), event.opensBefore().toMinutes(), event.replayAfter().toHours());
		}

	}

}
