package io.turnstile.auth.entitlement;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.account.People;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.EntitlementChange;
import io.turnstile.entitlements.Entitlements;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/audit} (scope {@code admin}): the recorded entitlement changes, newest first (at most
 * 200): who or what made each, why, and the state before and after. {@code userId} narrows it to one person.
 */
@RestController
@Tag(name = "Admin: audit", description = "Every recorded entitlement change")
class AdminAuditController {

	private final Entitlements entitlements;

	private final People people;

	AdminAuditController(Entitlements entitlements, People people) {
		this.entitlements = entitlements;
		this.people = people;
	}

	@GetMapping("/admin/audit")
	@Operation(summary = "The audit log of entitlement changes", description = "Newest first, at most 200: who or what made each change (an operator's person id, a client id, or 'billing'), why, and the state before and after. 'userId' narrows it to one person.")
	@ProblemResponses(Problems.UNKNOWN_PERSON)
	@ExamplePayloads(response = """
			[{"id": 311, "at": 1797990000, "userId": "u-1042", "ver": 9, "actor": "5f0c2a9e-operator", "action": "grant-ppv",
			  "reason": "Apology for the outage on 21 November", "before": null, "after": "fight-night-2026-12"}]""")
	List<ChangeJson> audit(@RequestParam(required = false) @Nullable String userId) {
		List<EntitlementChange> changes = (userId != null && !userId.isBlank())
				? this.entitlements.history(UserEntitlementsController.KnownPerson.require(this.people, userId))
				: this.entitlements.recentChanges();
		return changes.stream().map(ChangeJson::of).toList();
	}

	@Schema(name = "AuditEntry")
	record ChangeJson(long id, long at, @Nullable String userId, long ver, String actor, String action,
			@Nullable String reason, @Nullable String before, @Nullable String after) {

		static ChangeJson of(EntitlementChange change) {
			return new ChangeJson(change.id(), change.at().getEpochSecond(),
					(change.userId() != null) ? change.userId().value() : null, change.ver(), change.actor(),
					change.action(), change.reason(), change.before(), change.after());
		}

	}

}
