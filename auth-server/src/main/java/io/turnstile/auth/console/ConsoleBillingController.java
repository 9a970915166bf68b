package io.turnstile.auth.console;

import java.util.Map;

import io.turnstile.auth.page.Times;
import io.turnstile.billing.BillingEvent;
import io.turnstile.billing.BillingException;
import io.turnstile.billing.ParkedEvents;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Stripe events billing could not apply: parked (nobody to apply them to yet) and failed (applying threw;
 * retried with backoff), each replayable by hand.
 */
@Controller
class ConsoleBillingController {

	static final String PATH = "/admin/console/billing";

	private final ParkedEvents events;

	ConsoleBillingController(ParkedEvents events) {
		this.events = events;
	}

	@GetMapping(PATH)
	ModelAndView events() {
		return new ModelAndView("console/billing",
				Map.of("parked", this.events.parked().stream().map(EventRow::of).toList(), "failed",
						this.events.failed().stream().map(EventRow::of).toList()));
	}

	@PostMapping(PATH + "/replay")
	String replay(@RequestParam(defaultValue = "") String eventId, RedirectAttributes flash) {
		try {
			BillingEvent after = this.events.replay(eventId);
			flash.addFlashAttribute("notice", "Replayed " + after.id() + ": it is now "
					+ after.state() + ((after.reason() != null) ? " (" + after.reason() + ")" : "") + ".");
		}
		catch (BillingException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:" + PATH;
	}

	record EventRow(String id, String type, String state, @Nullable String reason, @Nullable String userId,
			String created, String receivedAt, int attempts, @Nullable String nextAttemptAt) {

		static EventRow of(BillingEvent event) {
			return new EventRow(event.id(), event.type(), event.state(), event.reason(), event.userId(),
					Times.dateTime(event.created()), Times.dateTime(event.receivedAt()), event.attempts(),
					(event.nextAttemptAt() != null) ? Times.dateTime(event.nextAttemptAt()) : null);
		}

	}

}
