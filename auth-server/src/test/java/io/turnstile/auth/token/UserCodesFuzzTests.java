package io.turnstile.auth.token;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the parser of typed TV codes ({@link UserCodes#normalize}, {@link UserCodes#display}) with any
 * string, unicode, NUL bytes and look-alike letters included (the input bytes read as UTF-8, Latin-1 and
 * UTF-16): it never throws, keeps only {@code [A-Z0-9]} (at most 64 of them), is idempotent, and what it
 * displays normalises back to the same code.
 * <p>
 * Runs over the seeds in {@code UserCodesFuzzTestsInputs} (plain text files) without {@code JAZZER_FUZZ};
 * with it (the {@code fuzz-user-codes} Surefire execution) it fuzzes.
 */
class UserCodesFuzzTests {

	private static final List<Charset> READINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
			StandardCharsets.UTF_16BE);

	@FuzzTest(maxDuration = "10s")
	void typedCodesNormaliseToAtMost64UpperCaseLettersAndDigits(byte[] input) {
		for (Charset charset : READINGS) {
			assertNormalisedSafely(new String(input, charset));
		}
	}

	private static void assertNormalisedSafely(String typed) {
		String normalized = UserCodes.normalize(typed);
		String shown = UserCodes.display(typed);

		assertThat(normalized).matches("[A-Z0-9]{0,64}");
		assertThat(shown).matches("[A-Z0-9]{0,64}|[A-Z0-9]{4}-[A-Z0-9]{4}");
		assertThat(UserCodes.normalize(normalized)).isEqualTo(normalized);
		assertThat(UserCodes.normalize(shown)).isEqualTo(normalized);
		if (typed.length() <= 64 && typed.chars().allMatch((c) -> c < 128 && Character.isLetterOrDigit(c))) {
			assertThat(normalized).isEqualToIgnoringCase(typed);
		}
	}

}
