package io.turnstile.auth.entitlement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.account.People;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.TierSource;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/users/{userId}/grants} (scope {@code admin}): operators comp a tier or a pay-per-view pass
 * and revoke it, each with a reason. Grant ids: {@code tier} for the comp tier, {@code ppv-<n>} for passes.
 */
@RestController
@Tag(name = "Admin: people and grants", description = "Look people up, import them, comp and revoke rights")
class AdminGrantsController {

	private final Entitlements entitlements;

	private final People people;

	AdminGrantsController(Entitlements entitlements, People people) {
		this.entitlements = entitlements;
		this.people = people;
	}

	@GetMapping("/admin/users/{userId}/grants")
	@Operation(summary = "A person's grants", description = "The comp tier (id 'tier') if one is active, and every pay-per-view pass (ids 'ppv-<n>') in any state.")
	@ProblemResponses(Problems.UNKNOWN_PERSON)
	@ExamplePayloads(response = """
			{"userId": "u-1042", "tier": "premium", "tierSource": "comp", "ver": 9, "grants": [
			 {"id": "tier", "type": "tier", "tier": "premium", "eventId": null, "nbf": null, "exp": null, "state": "active", "reason": null, "ver": 9},
			 {"id": "ppv-77", "type": "ppv", "tier": null, "eventId": "fight-night-2026-12", "nbf": 1798000000, "exp": 1798200000, "state": "active", "reason": null, "ver": 0}]}""")
	GrantsJson grants(@PathVariable String userId) {
		AccountId id = UserEntitlementsController.KnownPerson.require(this.people, userId);
		EntitlementSnapshot snapshot = this.entitlements.current(id);
		List<GrantJson> grants = new ArrayList<>();
		if (snapshot.tierSource() == TierSource.COMP) {
			grants.add(GrantJson.tier(snapshot));
		}
		this.entitlements.payPerViewGrants(id).stream().map(GrantJson::ppv).forEach(grants::add);
		return new GrantsJson(id.value(), snapshot.tier().code(), snapshot.tierSource().value(), grants,
				snapshot.ver());
	}

	@PostMapping("/admin/users/{userId}/grants")
	@Operation(summary = "Comp a tier or a pay-per-view pass", description = "'type' is 'tier' (with 'tier' and optional 'until', epoch seconds) or 'ppv' (with 'eventId'); a 'reason' is required and recorded with the operator.")
	@ProblemResponses({ Problems.UNKNOWN_PERSON, Problems.INVALID_REQUEST, Problems.UNKNOWN_TIER, Problems.UNKNOWN_PPV_EVENT })
	@ExamplePayloads(request = """
			{"type": "ppv", "eventId": "fight-night-2026-12", "reason": "Apology for the outage on 21 November"}""",
			response = """
			{"id": "ppv-78", "type": "ppv", "tier": null, "eventId": "fight-night-2026-12", "nbf": 1798000000, "exp": 1798200000,
			 "state": "active", "reason": null, "ver": 0}""")
	@ResponseStatus(HttpStatus.CREATED)
	GrantJson grant(@PathVariable String userId, @RequestBody GrantRequest request, @AuthenticationPrincipal Jwt operator) {
		AccountId id = UserEntitlementsController.KnownPerson.require(this.people, userId);
		Change change = new Change(operator.getSubject(), requireReason(request.reason()));
		if ("tier".equals(request.type())) {
			if (request.tier() == null) {
				throw new ApiException(Problems.INVALID_REQUEST, "A tier grant needs 'tier'");
			}
			Instant until = (request.until() != null) ? Instant.ofEpochSecond(request.until()) : null;
			return GrantJson.tier(this.entitlements.compTier(id, request.tier(), until, change));
		}
		if ("ppv".equals(request.type())) {
			if (request.eventId() == null) {
				throw new ApiException(Problems.INVALID_REQUEST, "A pay-per-view grant needs 'eventId'");
			}
			return GrantJson.ppv(this.entitlements.grantPayPerView(id, request.eventId(), "comp", change));
		}
		throw new ApiException(Problems.INVALID_REQUEST, "'type' must be 'tier' or 'ppv'");
	}

	@DeleteMapping("/admin/users/{userId}/grants/{grantId}")
	@Operation(summary = "Revoke a grant", description = "Ends the comp tier ('tier') or revokes a pass for good ('ppv-<n>'); the reason comes as ?reason= or in the body.")
	@ProblemResponses({ Problems.UNKNOWN_PERSON, Problems.INVALID_REQUEST, Problems.UNKNOWN_GRANT })
	@ExamplePayloads(request = """
			{"reason": "Granted by mistake"}""", response = """
			{"id": "ppv-78", "revoked": true, "state": "revoked", "ver": 10}""")
	Map<String, Object> revoke(@PathVariable String userId, @PathVariable String grantId,
			@RequestParam(required = false) @Nullable String reason,
			@RequestBody(required = false) @Nullable RevokeRequest body, @AuthenticationPrincipal Jwt operator) {
		AccountId id = UserEntitlementsController.KnownPerson.require(this.people, userId);
		Change change = new Change(operator.getSubject(),
				requireReason((reason != null) ? reason : (body != null) ? body.reason() : null));
		if ("tier".equals(grantId)) {
			EntitlementSnapshot after = this.entitlements.endComp(id, change);
			return Map.of("id", "tier", "revoked", true, "tier", after.tier().code(), "ver", after.ver());
		}
		if (grantId.startsWith("ppv-")) {
			long number;
			try {
				number = Long.parseLong(grantId.substring(4));
			}
			catch (NumberFormatException ex) {
				throw new ApiException(Problems.UNKNOWN_GRANT, "No grant '" + grantId + "'");
			}
			PayPerViewGrant revoked = this.entitlements.revokePayPerView(id, number, change);
			return Map.of("id", grantId, "revoked", true, "state", revoked.state().name().toLowerCase(),
					"ver", this.entitlements.current(id).ver());
		}
		throw new ApiException(Problems.UNKNOWN_GRANT, "Grant ids are 'tier' or 'ppv-<n>'");
	}

	private static String requireReason(@Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			throw new ApiException(Problems.INVALID_REQUEST, "A 'reason' is required");
		}
		return reason;
	}

	@Schema(name = "GrantRequest")
	record GrantRequest(@Nullable String type, @Nullable String tier, @Nullable Long until,
			@Nullable String eventId, @Nullable String reason) {
	}

	@Schema(name = "RevokeRequest")
	record RevokeRequest(@Nullable String reason) {
	}

	@Schema(name = "Grants")
	record GrantsJson(String userId, String tier, String tierSource, List<GrantJson> grants, long ver) {
	}

	@Schema(name = "Grant")
	record GrantJson(String id, String type, @Nullable String tier, @Nullable String eventId, @Nullable Long nbf,
			@Nullable Long exp, String state, @Nullable String reason, long ver) {

		static GrantJson tier(EntitlementSnapshot snapshot) {
			return new GrantJson("tier", "tier", snapshot.tier().code(), null, null, null, "active", null,
					snapshot.ver());
		}

		static GrantJson ppv(PayPerViewGrant grant) {
			return new GrantJson("ppv-" + grant.id(), "ppv", null, grant.eventId(), grant.notBefore().getEpochSecond(),
					grant.expiresAt().getEpochSecond(), grant.state().name().toLowerCase(), grant.revokedReason(), 0);
		}

	}

}
