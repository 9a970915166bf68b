package io.turnstile.auth.audit;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One recorded event of the audit log.
 *
 * @param actor who did it: a person's id, a client id, or {@code system} / {@code anonymous}
 * @param action what, e.g. {@code sign-in}, {@code token.issued}, {@code device.signed-out}
 * @param subject the person it concerns, or {@code null}
 * @param clientId the client it went through, or {@code null}
 * @param remoteAddress the address the request came from, or {@code null} outside a request
 * @param detail a short description that never holds a token, secret, password or e-mail address
 */
record AuditEvent(long id, Instant at, String actor, String action, @Nullable String subject,
		@Nullable String clientId, @Nullable String remoteAddress, Outcome outcome, @Nullable String detail) {

	/** How the action ended. */
	enum Outcome {

		SUCCESS, FAILURE;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
