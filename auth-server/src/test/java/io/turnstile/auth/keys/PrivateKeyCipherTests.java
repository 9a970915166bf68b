package io.turnstile.auth.keys;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PrivateKeyCipherTests {

	static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	@Test
	void sealedKeyIsNotReadableAndOpensBackWithTheSameKey() {
		PrivateKeyCipher cipher = new PrivateKeyCipher(KEY);

		String sealed = cipher.seal("kid-1", "{\"d\":\"secret-exponent\"}");

		assertThat(sealed).doesNotContain("secret-exponent");
		assertThat(cipher.scheme()).isEqualTo(PrivateKeyCipher.AES_GCM);
		assertThat(cipher.open("kid-1", sealed, PrivateKeyCipher.AES_GCM)).isEqualTo("{\"d\":\"secret-exponent\"}");
	}

	@Test
	void wrongEncryptionKeyCannotOpen() {
		String sealed = new PrivateKeyCipher(KEY).seal("kid-1", "{\"d\":\"x\"}");

		assertThatIllegalStateException()
			.isThrownBy(() -> new PrivateKeyCipher(OTHER_KEY).open("kid-1", sealed, PrivateKeyCipher.AES_GCM));
	}

	@Test
	void ciphertextMovedToAnotherKeyIdCannotOpen() {
		PrivateKeyCipher cipher = new PrivateKeyCipher(KEY);
		String sealed = cipher.seal("kid-1", "{\"d\":\"x\"}");

		assertThatIllegalStateException().isThrownBy(() -> cipher.open("kid-2", sealed, PrivateKeyCipher.AES_GCM));
	}

	@Test
	void withoutEncryptionKeyStoresPlainAndCannotOpenSealedKeys() {
		PrivateKeyCipher plain = new PrivateKeyCipher(null);
		String sealed = new PrivateKeyCipher(KEY).seal("kid-1", "{\"d\":\"x\"}");

		assertThat(plain.seal("kid-1", "{\"d\":\"x\"}")).isEqualTo("{\"d\":\"x\"}");
		assertThat(plain.scheme()).isEqualTo(PrivateKeyCipher.NONE);
		assertThatIllegalStateException().isThrownBy(() -> plain.open("kid-1", sealed, PrivateKeyCipher.AES_GCM));
	}

	@Test
	void encryptionKeyOfWrongLengthIsRefusedAtStart() {
		assertThatIllegalStateException().isThrownBy(() -> new PrivateKeyCipher("c2hvcnQ="));
		assertThatIllegalStateException().isThrownBy(() -> new PrivateKeyCipher("not base64 at all!"));
	}

}
