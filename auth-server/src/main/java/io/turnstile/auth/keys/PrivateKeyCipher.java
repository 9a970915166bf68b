package io.turnstile.auth.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Encrypts private keys at rest with AES-256-GCM under a key from the environment
 * ({@code TURNSTILE_KEY_ENCRYPTION_KEY}, base64 of 32 bytes). Without one, keys are stored as plain JWK
 * JSON and marked {@code none}. The key id is bound as additional authenticated data, so a ciphertext
 * cannot be moved to another row.
 */
final class PrivateKeyCipher {

	static final String NONE = "none";

	static final String AES_GCM = "A256GCM";

	private static final int IV_BYTES = 12;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private final @Nullable SecretKey key;

	private final SecureRandom random = new SecureRandom();

	private @Nullable Provider provider;

	PrivateKeyCipher(@Nullable String base64Key) {
		if (base64Key == null || base64Key.isBlank()) {
			this.key = null;
			return;
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64Key.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("TURNSTILE_KEY_ENCRYPTION_KEY must be base64 of 32 bytes");
		}
		if (bytes.length != 32) {
			throw new IllegalStateException("TURNSTILE_KEY_ENCRYPTION_KEY must be base64 of 32 bytes");
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * The JCA provider of AES-GCM; unset, the most preferred one (ACCP or the JDK's, whichever the server
	 * installed). Keys sealed by one provider open with any other: the format is AES-GCM's, not a provider's.
	 */
	void setProvider(Provider provider) {
		this.provider = provider;
	}

	boolean encrypts() {
		return this.key != null;
	}

	String scheme() {
		return encrypts() ? AES_GCM : NONE;
	}

	String seal(String kid, String privateJwk) {
		if (this.key == null) {
			return privateJwk;
		}
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = cipher();
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, iv));
			cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(privateJwk.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt signing key " + kid, ex);
		}
	}

	String open(String kid, String stored, String scheme) {
		if (NONE.equals(scheme)) {
			return stored;
		}
		if (this.key == null) {
			throw new IllegalStateException("Signing key " + kid
					+ " is encrypted at rest but TURNSTILE_KEY_ENCRYPTION_KEY is not set");
		}
		try {
			byte[] all = Base64.getDecoder().decode(stored);
			Cipher cipher = cipher();
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, all, 0, IV_BYTES));
			cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Could not decrypt signing key " + kid
					+ ": wrong TURNSTILE_KEY_ENCRYPTION_KEY?", ex);
		}
	}

	private Cipher cipher() throws GeneralSecurityException {
		return (this.provider != null) ? Cipher.getInstance(TRANSFORMATION, this.provider)
				: Cipher.getInstance(TRANSFORMATION);
	}

}
