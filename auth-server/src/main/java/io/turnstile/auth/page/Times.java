package io.turnstile.auth.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages show times: UTC, in words a person reads at a glance. */
public final class Times {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter
		.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private Times() {
	}

	public static String date(Instant instant) {
		return DATE.format(instant);
	}

	public static String dateTime(Instant instant) {
		return DATE_TIME.format(instant);
	}

	public static String time(Instant instant) {
		return TIME.format(instant);
	}

}
