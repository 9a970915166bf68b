package io.turnstile.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of token values: the only form in which a token value reaches the database.
 */
public final class TokenHashes {

	/**
	 * Token values read back from the database carry their hash behind this prefix: the value itself is
	 * unknown, and a hash can never be mistaken for a token (token values hold no colon).
	 */
	static final String STORED_HASH_PREFIX = "sha256:";

	private TokenHashes() {
	}

	/**
	 * @param tokenValue a token value
	 * @return the lower-case hex SHA-256 of its UTF-8 bytes
	 */
	public static String sha256(String tokenValue) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/** The hash to store for a value that is either a real token or a placeholder read back earlier. */
	static String hashOf(String valueOrPlaceholder) {
		return valueOrPlaceholder.startsWith(STORED_HASH_PREFIX)
				? valueOrPlaceholder.substring(STORED_HASH_PREFIX.length()) : sha256(valueOrPlaceholder);
	}

	static String placeholder(String hash) {
		return STORED_HASH_PREFIX + hash;
	}

}
