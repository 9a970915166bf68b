package io.turnstile.auth.audit;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/audit} (scope {@code admin}): the audit log, newest first, filtered by {@code subject},
 * {@code actor}, {@code action}, {@code from} and {@code to} (epoch seconds, both inclusive), at most
 * {@code limit} (default 100, at most 500) events.
 */
@RestController
@Tag(name = "Admin: audit", description = "Sign-ins, tokens, devices, entitlement changes and admin actions")
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		Assert.notNull(audit, "audit cannot be null");
		this.audit = audit;
	}

	@GetMapping("/admin/audit")
	@Operation(summary = "The audit log", description = "Newest first; filters 'subject', 'actor', 'action', 'from' and 'to' (epoch seconds, inclusive), 'limit' 1 to 500 (default 100). No row holds a token, secret, password or e-mail address.")
	@ProblemResponses(Problems.INVALID_REQUEST)
	@ExamplePayloads(response = """
			[{"id": 9120, "at": 1798000100, "actor": "u-1042", "action": "device.signed-out", "subject": "u-1042",
			  "clientId": "demo-web", "remoteAddress": "203.0.113.7", "outcome": "success", "detail": "device d-7a1c"}]""")
	List<AuditEventJson> events(@RequestParam(required = false) @Nullable String subject,
			@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action, @RequestParam(required = false) @Nullable Long from,
			@RequestParam(required = false) @Nullable Long to, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > AuditLog.MAX_LIMIT) {
			throw new ApiException(Problems.INVALID_REQUEST, "'limit' is 1 to " + AuditLog.MAX_LIMIT);
		}
		if (from != null && to != null && from > to) {
			throw new ApiException(Problems.INVALID_REQUEST, "'from' is after 'to'");
		}
		AuditLog.Query query = new AuditLog.Query(subject, actor, action, instant(from),
				(to != null) ? instant(to + 1) : null, limit);
		return this.audit.find(query).stream().map(AuditEventJson::of).toList();
	}

	private static @Nullable Instant instant(@Nullable Long epochSecond) {
		if (epochSecond == null) {
			return null;
		}
		if (epochSecond < 0 || epochSecond > 32503680000L) {
			throw new ApiException(Problems.INVALID_REQUEST, "'from' and 'to' are epoch seconds");
		}
		return Instant.ofEpochSecond(epochSecond);
	}

	record AuditEventJson(long id, long at, String actor, String action, @Nullable String subject,
			@Nullable String clientId, @Nullable String remoteAddress, String outcome, @Nullable String detail) {

		static AuditEventJson of(AuditEvent event) {
			return new AuditEventJson(event.id(), event.at().getEpochSecond(), event.actor(), event.action(),
					event.subject(), event.clientId(), event.remoteAddress(), event.outcome().value(), event.detail());
		}

	}

}
