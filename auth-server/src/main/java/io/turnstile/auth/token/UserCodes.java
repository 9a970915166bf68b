package io.turnstile.auth.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * User codes a person can type with a TV remote (RFC 8628 §6.1): eight letters from an alphabet without
 * vowels or look-alikes ({@code BCDFGHJKLMNPQRSTVWXZ}: 20^8 ≈ 2.6·10^10 codes), shown as {@code XXXX-XXXX};
 * entry ignores case, dashes and spaces. Codes live ten minutes and wrong entries are throttled.
 */
public final class UserCodes implements OAuth2TokenGenerator<OAuth2UserCode> {

	public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

	private final SecureRandom random = new SecureRandom();

	@Override
	public @Nullable OAuth2UserCode generate(OAuth2TokenContext context) {
		if (context.getTokenType() == null || !"user_code".equals(context.getTokenType().getValue())) {
			return null;
		}
		StringBuilder code = new StringBuilder(9);
		for (int i = 0; i < 8; i++) {
			if (i == 4) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		Instant issuedAt = Instant.now();
		Instant expiresAt = issuedAt.plus(context.getRegisteredClient().getTokenSettings().getDeviceCodeTimeToLive());
		return new OAuth2UserCode(code.toString(), issuedAt, expiresAt);
	}

	/** A typed code as it is stored: upper case, letters and digits only. */
	public static String normalize(String typed) {
		StringBuilder normalized = new StringBuilder(typed.length());
		for (int i = 0; i < typed.length() && normalized.length() < 64; i++) {
			char c = typed.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
				normalized.append(Character.toUpperCase(c));
			}
		}
		return normalized.toString().toUpperCase(Locale.ROOT);
	}

	/** A normalised code for display: {@code XXXX-XXXX}. */
	public static String display(String code) {
		String normalized = normalize(code);
		return (normalized.length() == 8) ? normalized.substring(0, 4) + "-" + normalized.substring(4) : normalized;
	}

}
