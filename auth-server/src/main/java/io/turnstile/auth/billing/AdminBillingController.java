package io.turnstile.auth.billing;

import java.util.List;

import io.turnstile.auth.web.ApiException;
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
	List<PriceTiers.PriceTier> prices() {
		return this.prices.entries();
	}

	@PutMapping("/admin/prices/{priceKey}")
	PriceTiers.PriceTier map(@PathVariable String priceKey, @RequestBody PriceRequest request,
			@AuthenticationPrincipal Jwt operator) {
		if (request.tier() == null || request.tier().isBlank()) {
			throw new ApiException(Problems.INVALID_REQUEST, "A 'tier' is required");
		}
		return this.prices.map(priceKey, request.tier(), operator.getSubject());
	}

	@DeleteMapping("/admin/prices/{priceKey}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void unmap(@PathVariable String priceKey) {
		if (!this.prices.unmap(priceKey)) {
			throw new ApiException(Problems.UNKNOWN_PRICE, "Operators have no entry for this price");
		}
	}

	@GetMapping("/admin/billing/parked")
	List<EventJson> parked() {
		return this.events.parked().stream().map(EventJson::of).toList();
	}

	@GetMapping("/admin/billing/failed")
	List<EventJson> failed() {
		return this.events.failed().stream().map(EventJson::of).toList();
	}

	@PostMapping("/admin/billing/parked/{eventId}/replay")
	EventJson replay(@PathVariable String eventId) {
		return EventJson.of(this.events.replay(eventId));
	}

	record PriceRequest(@Nullable String tier) {
	}

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
