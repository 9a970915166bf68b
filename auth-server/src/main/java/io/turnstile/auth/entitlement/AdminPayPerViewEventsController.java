package io.turnstile.auth.entitlement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/ppv-events} (scope {@code admin}): the pay-per-view catalog. {@code PUT} creates or
 * updates an event; times are epoch seconds.
 */
@RestController
@Tag(name = "Admin: catalog", description = "Stripe prices to tiers and pay-per-view events")
class AdminPayPerViewEventsController {

	private final Entitlements entitlements;

	AdminPayPerViewEventsController(Entitlements entitlements) {
		this.entitlements = entitlements;
	}

	@GetMapping("/admin/ppv-events")
	@Operation(summary = "The pay-per-view events", description = "With their windows: a pass works from 'nbf' (doors open) to 'exp' (end of replay).")
	@ExamplePayloads(response = """
			[{"id": "fight-night-2026-12", "title": "Fight Night: Title Bout", "startsAt": 1798001800, "endsAt": 1798016200,
			  "opensBeforeSeconds": 1800, "replayAfterSeconds": 172800, "nbf": 1798000000, "exp": 1798189000}]""")
	List<EventJson> events() {
		return this.entitlements.events().stream().map(EventJson::of).toList();
	}

	@GetMapping("/admin/ppv-events/{eventId}")
	@Operation(summary = "One pay-per-view event")
	@ProblemResponses(Problems.UNKNOWN_PPV_EVENT)
	@ExamplePayloads(response = """
			{"id": "fight-night-2026-12", "title": "Fight Night: Title Bout", "startsAt": 1798001800, "endsAt": 1798016200,
			 "opensBeforeSeconds": 1800, "replayAfterSeconds": 172800, "nbf": 1798000000, "exp": 1798189000}""")
	EventJson event(@PathVariable String eventId) {
		return this.entitlements.event(eventId)
			.map(EventJson::of)
			.orElseThrow(() -> new ApiException(Problems.UNKNOWN_PPV_EVENT, "No pay-per-view event '" + eventId + "'"));
	}

	@PutMapping("/admin/ppv-events/{eventId}")
	@Operation(summary = "Define or update a pay-per-view event", description = "Times are epoch seconds; doors open 30 minutes before and replay lasts 48 hours unless given. Passes granted before keep their window.")
	@ProblemResponses(Problems.INVALID_REQUEST)
	@ExamplePayloads(request = """
			{"title": "Fight Night: Title Bout", "startsAt": 1798001800, "endsAt": 1798016200, "opensBeforeSeconds": 1800,
			 "replayAfterSeconds": 172800, "reason": "December card"}""", response = """
			{"id": "fight-night-2026-12", "title": "Fight Night: Title Bout", "startsAt": 1798001800, "endsAt": 1798016200,
			 "opensBeforeSeconds": 1800, "replayAfterSeconds": 172800, "nbf": 1798000000, "exp": 1798189000}""")
	EventJson define(@PathVariable String eventId, @RequestBody EventRequest request,
			@AuthenticationPrincipal Jwt operator) {
		if (request.title() == null || request.startsAt() == null || request.endsAt() == null) {
			throw new ApiException(Problems.INVALID_REQUEST, "'title', 'startsAt' and 'endsAt' are required");
		}
		PayPerViewEvent event = new PayPerViewEvent(eventId, request.title(), Instant.ofEpochSecond(request.startsAt()),
				Instant.ofEpochSecond(request.endsAt()),
				Duration.ofSeconds((request.opensBeforeSeconds() != null) ? request.opensBeforeSeconds() : 1800),
				Duration.ofSeconds((request.replayAfterSeconds() != null) ? request.replayAfterSeconds() : 172800));
		String reason = (request.reason() != null && !request.reason().isBlank()) ? request.reason()
				: "catalog update";
		return EventJson.of(this.entitlements.defineEvent(event, new Change(operator.getSubject(), reason)));
	}

	@Schema(name = "PayPerViewEventRequest")
	record EventRequest(@Nullable String title, @Nullable Long startsAt, @Nullable Long endsAt,
			@Nullable Long opensBeforeSeconds, @Nullable Long replayAfterSeconds, @Nullable String reason) {
	}

	@Schema(name = "PayPerViewEvent")
	record EventJson(String id, String title, long startsAt, long endsAt, long opensBeforeSeconds,
			long replayAfterSeconds, long nbf, long exp) {

		static EventJson of(PayPerViewEvent event) {
			return new EventJson(event.id(), event.title(), event.startsAt().getEpochSecond(),
					event.endsAt().getEpochSecond(), event.opensBefore().toSeconds(), event.replayAfter().toSeconds(),
					event.notBefore().getEpochSecond(), event.expiresAt().getEpochSecond());
		}

	}

}
