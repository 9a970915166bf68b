package io.turnstile.auth.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DemoPropertiesTests {

	@Test
	void clientSecretShorterThanTwentyCharactersIsRefusedAtStartUpWithoutShowingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DemoProperties(true, null, "short-secret-19char", null))
			.withMessageContaining("TURNSTILE_DEMO_SECRET")
			.withMessageContaining("at least 20 characters")
			.withMessageNotContaining("short-secret-19char");
		assertThatIllegalArgumentException().isThrownBy(() -> new DemoProperties(true, null, null, "admin"))
			.withMessageContaining("TURNSTILE_ADMIN_SECRET");
	}

	@Test
	void clientSecretsOfTwentyCharactersOrUnsetAreAccepted() {
		DemoProperties properties = new DemoProperties(true, null, "x".repeat(20), null);

		assertThat(properties.backendSecret()).hasSize(20);
		assertThat(properties.adminSecret()).isNull();
		assertThat(new DemoProperties(true, null, "", "  ").backendSecret()).isEmpty();
	}

	@Test
	void shortSecretIsIgnoredWhenNoDemoDataIsSeeded() {
		assertThat(new DemoProperties(false, null, "short", "short").enabled()).isFalse();
	}

	@Test
	void demoPasswordIsAPersonsPasswordAndHasNoClientSecretMinimum() {
		assertThat(new DemoProperties(true, "pw", null, null).password()).isEqualTo("pw");
	}

}
