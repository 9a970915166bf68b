package io.turnstile.auth.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.turnstile.entitlements.Change;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * What the console's forms share: the operator behind a change and the reason they give, and times typed
 * into {@code datetime-local} fields, which the console reads as UTC.
 */
final class ConsoleForms {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private ConsoleForms() {
	}

	/** A change by the signed-in operator, with the reason they typed. */
	static Change change(Authentication operator, @Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			throw new ConsoleRejected("Give a reason: it is recorded with the change.");
		}
		if (reason.length() > 500) {
			throw new ConsoleRejected("Keep the reason under 500 characters.");
		}
		return new Change(operator.getName(), reason.trim());
	}

	/** A {@code datetime-local} value as a UTC instant; blank is {@code null}. */
	static @Nullable Instant instant(String label, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new ConsoleRejected(label + " is a date and time such as 2026-12-12T20:00 (UTC).");
		}
	}

	/** An instant as a {@code datetime-local} value (UTC), to fill a form in again. */
	static String local(Instant instant) {
		return LOCAL.format(instant.atOffset(ZoneOffset.UTC));
	}

	/** A refusal the console shows the operator as it is. */
	static final class ConsoleRejected extends RuntimeException {

		ConsoleRejected(String message) {
			super(message);
		}

	}

}
