package io.turnstile.auth.billing;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.billing.BillingEvent;
import io.turnstile.billing.ParkedEvents;
import io.turnstile.billing.PriceTiers;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' billing API (scope {@code admin}): {@code /admin/prices} (price id or lookup key to tier),
 * {@code GET /admin/billing/parked} and {@code /admin/billing/failed}, and
 * {@code POST /admin/billing/parked/{eventId}/replay} for a parked or failed event.
 */
@RestController
@Tag(name = "Admin: billing", description = "The price to tier map; parked and failed Stripe events and their replay")
class AdminBillingController {

	private final PriceTiers prices;

	private final ParkedEvents events;

	AdminBillingController(PriceTiers prices, ParkedEvents events) {
		Assert.notNull(prices, "prices cannot be null");
		Assert.notNull(events, "events cannot be null");
		this.prices = prices;
		this.events = events;
	}

	@GetMapping("/admin/prices")
	@Operation(summary = "The price to tier map", description = "Operators' entries first; they win over configured ones, and both over a price's metadata.tier.")
	@ExamplePayloads(response = """
			[{"priceKey": "price_1Qpremium", "tier": "premium", "source": "admin"}, {"priceKey": "standard_monthly", "tier": "standard", "source": "config"}]""")
	List<PriceTiers.PriceTier> prices() {
		return this.prices.entries();
	}

	@PutMapping("/admin/prices/{priceKey}")
	@Operation(summary = "Map a price id or lookup key to a tier")
	@ProblemResponses({ Problems.INVALID_REQUEST, Problems.UNKNOWN_TIER })
	@ExamplePayloads(request = """
			{"tier": "premium"}""", response = """
			{"priceKey": "price_1Qpremium", "tier": "premium", "source": "admin"}""")
	PriceTiers.PriceTier map(@PathVariable String priceKey, @RequestBody PriceRequest request,
			@AuthenticationPrincipal Jwt operator) {
		if (request.tier() == null || request.tier().isBlank()) {
			throw new ApiException(Problems.INVALID_REQUEST, "A 'tier' is required");
		}
		return this.prices.map(priceKey, request.tier(), operator.getSubject());
	}

	@DeleteMapping("/admin/prices/{priceKey}")
	@Operation(summary = "Remove an operator's price entry", description = "204; a configured entry stays.")
	@ProblemResponses(Problems.UNKNOWN_PRICE)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void unmap(@PathVariable String priceKey) {
		if (!this.prices.unmap(priceKey)) {
			throw new ApiException(Problems.UNKNOWN_PRICE, "Operators have no entry for this price");
		}
	}

	@GetMapping("/admin/billing/parked")
	@Operation(summary = "Parked Stripe events", description = "Events with nobody to apply them to yet (an unknown metadata.user_id), oldest first; applied when the person signs up or is imported, or by replay.")
	@ExamplePayloads(response = """
			[{"eventId": "evt_1Qparked", "type": "invoice.paid", "created": 1798000000, "apiVersion": "2025-10-29.clover", "state": "parked",
			  "reason": "unknown_person", "userId": "imported-7781", "attempts": 0, "nextAttemptAt": null, "receivedAt": 1798000002}]""")
	List<EventJson> parked() {
		return this.events.parked().stream().map(EventJson::of).toList();
	}

	@GetMapping("/admin/billing/failed")
	@Operation(summary = "Failed Stripe events", description = "Events whose application threw; retried automatically with backoff ('nextAttemptAt').")
	@ExamplePayloads(response = """
			[{"eventId": "evt_1Qfailed", "type": "customer.subscription.updated", "created": 1798000000, "apiVersion": "2025-10-29.clover",
			  "state": "failed", "reason": "unknown_tier", "userId": "u-1042", "attempts": 3, "nextAttemptAt": 1798000480, "receivedAt": 1798000002}]""")
	List<EventJson> failed() {
		return this.events.failed().stream().map(EventJson::of).toList();
	}

	@PostMapping("/admin/billing/parked/{eventId}/replay")
	@Operation(summary = "Replay a parked or failed event", description = "Applies it again from the stored copy; answers the event afterwards.")
	@ProblemResponses({ Problems.UNKNOWN_BILLING_EVENT, Problems.EVENT_NOT_REPLAYABLE })
	@ExamplePayloads(response = """
			{"eventId": "evt_1Qparked", "type": "invoice.paid", "created": 1798000000, "apiVersion": "2025-10-29.clover", "state": "applied",
			 "reason": null, "userId": "imported-7781", "attempts": 0, "nextAttemptAt": null, "receivedAt": 1798000002}""")
	EventJson replay(@PathVariable String eventId) {
		return EventJson.of(this.events.replay(eventId));
	}

	@Schema(name = "PriceRequest")
	record PriceRequest(@Nullable String tier) {
	}

	@Schema(name = "BillingEvent")
	record EventJson(String eventId, String type, long created, @Nullable String apiVersion, String state,
			@Nullable String reason, @Nullable String userId, int attempts, @Nullable Long nextAttemptAt,
			long receivedAt) {

		static EventJson of(BillingEvent event) {
			return new EventJson(event.id(), event.type(), event.created().getEpochSecond(), event.apiVersion(),
					event.state(), event.reason(), event.userId(), event.attempts(),
					(event.nextAttemptAt() != null) ? event.nextAttemptAt().getEpochSecond() : null,
					event.receivedAt().getEpochSecond());
		}

	}

}
