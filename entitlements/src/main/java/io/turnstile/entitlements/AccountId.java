package io.turnstile.entitlements;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person's id: opaque, 1–64 characters of {@code [A-Za-z0-9._:-]}, the {@code sub} of their tokens.
 *
 * @param value the id, kept verbatim
 */
public record AccountId(String value) {

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	public AccountId {
		Objects.requireNonNull(value, "value cannot be null");
		if (!VALID.matcher(value).matches()) {
			throw new InvalidEntitlementRequest("A person's id is 1-64 characters of [A-Za-z0-9._:-]");
		}
	}

	public static boolean isValid(String value) {
		return value != null && VALID.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
