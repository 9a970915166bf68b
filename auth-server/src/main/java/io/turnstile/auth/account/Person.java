package io.turnstile.auth.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.turnstile.entitlements.AccountId;
import org.jspecify.annotations.Nullable;

/**
 * A person who signs in. {@code id} is the opaque subject identifier (PRODUCT.md, Identifiers): the
 * {@code sub} of every token, never the e-mail address.
 *
 * @param id 1–64 characters of {@code [A-Za-z0-9._:-]}
 * @param email the address the person signs in with
 * @param displayName the name shown to apps with the {@code profile} scope
 * @param roles {@code USER}, {@code ADMIN}
 * @param createdAt when the account was created
 */
public record Person(String id, String email, @Nullable String displayName, Set<String> roles, Instant createdAt) {

	public Person {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(email, "email cannot be null");
		if (!AccountId.isValid(id)) {
			throw new IllegalArgumentException("A person's id is 1-64 characters of [A-Za-z0-9._:-]");
		}
		roles = Set.copyOf(roles);
	}

	static String normalizeEmail(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	static Set<String> parseRoles(String roles) {
		return Arrays.stream(roles.split(",")).map(String::trim).filter((r) -> !r.isEmpty()).collect(Collectors.toSet());
	}

}
