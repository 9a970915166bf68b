package io.turnstile.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.turnstile.auth.token.TokenHashes;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.AbstractValidatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The {@link PasswordEncoder} of client secrets: {@code {sha256}} and the lower-case hex SHA-256 of the
 * secret. A secret Turnstile generates holds 256 random bits, so nobody can guess it from its digest, with
 * or without bcrypt's cost; bcrypt's cost only slows down guessing low-entropy secrets, people's passwords,
 * which keep the bcrypt {@code PasswordEncoder} bean. Secrets an operator chooses must be long
 * ({@code DemoProperties}).
 * <p>
 * The digests are compared with {@link MessageDigest#isEqual}, in time independent of where they differ.
 * {@code {bcrypt}} hashes stored by earlier versions still match, and {@link #upgradeEncoding} asks for
 * them to be replaced: the framework's {@code ClientSecretAuthenticationProvider} then stores the digest on
 * the client's first successful authentication. A digest is never upgraded; any other stored form never
 * matches.
 */
public final class ClientSecretEncoder extends AbstractValidatingPasswordEncoder {

	static final String SHA256 = "{sha256}";

	static final String LEGACY_BCRYPT = "{bcrypt}";

	private static final int HEX_DIGEST_LENGTH = 64;

	private final PasswordEncoder bcrypt = new BCryptPasswordEncoder();

	@Override
	protected String encodeNonNullPassword(String rawSecret) {
		return SHA256 + TokenHashes.sha256(rawSecret);
	}

	@Override
	protected boolean matchesNonNull(String rawSecret, String encodedSecret) {
		if (encodedSecret.startsWith(SHA256)) {
			String stored = encodedSecret.substring(SHA256.length());
			if (stored.length() != HEX_DIGEST_LENGTH) {
				return false;
			}
			// Equal lengths, so isEqual looks at every byte whatever the first difference.
			return MessageDigest.isEqual(TokenHashes.sha256(rawSecret).getBytes(StandardCharsets.US_ASCII),
					stored.getBytes(StandardCharsets.US_ASCII));
		}
		if (encodedSecret.startsWith(LEGACY_BCRYPT)) {
			return this.bcrypt.matches(rawSecret, encodedSecret.substring(LEGACY_BCRYPT.length()));
		}
		return false;
	}

	@Override
	protected boolean upgradeEncodingNonNull(String encodedSecret) {
		return encodedSecret.startsWith(LEGACY_BCRYPT);
	}

}
