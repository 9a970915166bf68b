package io.turnstile.auth.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer to a hostile request must not show: a stack trace, an exception's name, or our
 * frameworks' package names.
 */
final class HostileResponses {

	private HostileResponses() {
	}

	static void assertNoStackTrace(String description, int status, String body) {
		assertThat(status).as("%s: status", description).isBetween(200, 499);
		assertThat(body).as("%s: body", description)
			.doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContainPattern("at [\\w.$]+\\([\\w$]+\\.java:\\d+\\)")
			.doesNotContain("org.springframework")
			.doesNotContain("org.apache")
			.doesNotContain("io.turnstile")
			.doesNotContain("com.nimbusds");
	}

}
