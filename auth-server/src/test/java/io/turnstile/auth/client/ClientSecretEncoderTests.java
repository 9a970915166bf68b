package io.turnstile.auth.client;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSecretEncoderTests {

	static final String SECRET = "Jx3b9q2L0sVtQeWmR8yZkP4nH6cF1aUoD5gE7iT0rYw";

	final ClientSecretEncoder encoder = new ClientSecretEncoder();

	@Test
	void encodeStoresThePrefixedHexSha256AndNotTheSecret() {
		String encoded = this.encoder.encode(SECRET);

		assertThat(encoded).matches("\\{sha256\\}[0-9a-f]{64}").doesNotContain(SECRET);
		// SHA-256 of "abc", FIPS 180-2 appendix B.1
		assertThat(this.encoder.encode("abc"))
			.isEqualTo("{sha256}ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void digestMatchesItsSecretAndNoOther() {
		String encoded = this.encoder.encode(SECRET);

		assertThat(this.encoder.matches(SECRET, encoded)).isTrue();
		assertThat(this.encoder.matches(SECRET + "x", encoded)).isFalse();
		assertThat(this.encoder.matches(SECRET.substring(1), encoded)).isFalse();
		assertThat(this.encoder.matches("", encoded)).isFalse();
		assertThat(this.encoder.matches(null, encoded)).isFalse();
	}

	@Test
	void digestIsNeverUpgraded() {
		assertThat(this.encoder.upgradeEncoding(this.encoder.encode(SECRET))).isFalse();
	}

	@Test
	void legacyBcryptHashStillMatchesAndAsksToBeUpgraded() {
		String legacy = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(SECRET);

		assertThat(this.encoder.matches(SECRET, legacy)).isTrue();
		assertThat(this.encoder.matches("not-the-secret", legacy)).isFalse();
		assertThat(this.encoder.upgradeEncoding(legacy)).isTrue();
	}

	@Test
	void storedValueWithAnotherOrNoPrefixNeverMatches() {
		String hex = this.encoder.encode(SECRET).substring("{sha256}".length());

		assertThat(this.encoder.matches(SECRET, hex)).isFalse();
		assertThat(this.encoder.matches(SECRET, "{SHA256}" + hex)).isFalse();
		assertThat(this.encoder.matches(SECRET, "{noop}" + SECRET)).isFalse();
		assertThat(this.encoder.matches(SECRET, SECRET)).isFalse();
		assertThat(this.encoder.upgradeEncoding("{noop}" + SECRET)).isFalse();
	}

	@Test
	void malformedDigestNeverMatchesAndNeverThrows() {
		String hex = this.encoder.encode(SECRET).substring("{sha256}".length());

		assertThat(this.encoder.matches(SECRET, "{sha256}")).isFalse();
		assertThat(this.encoder.matches(SECRET, "{sha256}" + hex.substring(2))).isFalse();
		assertThat(this.encoder.matches(SECRET, "{sha256}" + hex + "00")).isFalse();
		assertThat(this.encoder.matches(SECRET, "{sha256}" + hex.toUpperCase())).isFalse();
		assertThat(this.encoder.matches(SECRET, "{sha256}" + "é".repeat(64))).isFalse();
		assertThat(this.encoder.matches(SECRET, "{bcrypt}not-a-bcrypt-hash")).isFalse();
		assertThat(this.encoder.matches(SECRET, "")).isFalse();
		assertThat(this.encoder.matches(SECRET, null)).isFalse();
	}

	@Test
	void digestsDifferingInTheirFirstOrLastCharacterAreBothRefused() {
		String encoded = this.encoder.encode(SECRET);
		char first = encoded.charAt(8);
		char last = encoded.charAt(encoded.length() - 1);
		String firstChanged = "{sha256}" + flip(first) + encoded.substring(9);
		String lastChanged = encoded.substring(0, encoded.length() - 1) + flip(last);

		assertThat(this.encoder.matches(SECRET, firstChanged)).isFalse();
		assertThat(this.encoder.matches(SECRET, lastChanged)).isFalse();
	}

	private static char flip(char hexDigit) {
		return (hexDigit == '0') ? '1' : '0';
	}

}
