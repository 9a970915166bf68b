package io.turnstile.auth.keys;

import java.security.Provider;
import java.security.Security;
import java.util.Base64;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
	void keySealedByAccpOpensWithTheJdkProviderAndTheOtherWayRound() {
		assumeTrue(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null,
				() -> "ACCP does not load on this platform: " + AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());
		PrivateKeyCipher accp = cipherOf(AmazonCorrettoCryptoProvider.INSTANCE);
		PrivateKeyCipher jdk = cipherOf(Security.getProvider("SunJCE"));

		String sealedByAccp = accp.seal("kid-1", "{\"d\":\"secret-exponent\"}");
		String sealedByJdk = jdk.seal("kid-1", "{\"d\":\"secret-exponent\"}");

		assertThat(jdk.open("kid-1", sealedByAccp, PrivateKeyCipher.AES_GCM)).isEqualTo("{\"d\":\"secret-exponent\"}");
		assertThat(accp.open("kid-1", sealedByJdk, PrivateKeyCipher.AES_GCM)).isEqualTo("{\"d\":\"secret-exponent\"}");
		assertThatIllegalStateException().isThrownBy(() -> jdk.open("kid-2", sealedByAccp, PrivateKeyCipher.AES_GCM));
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

	private static PrivateKeyCipher cipherOf(Provider provider) {
		PrivateKeyCipher cipher = new PrivateKeyCipher(KEY);
		cipher.setProvider(provider);
		return cipher;
	}

}
