package io.turnstile.auth.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.config.AuthProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttle against the real {@code login_attempt} table, at fixed instants. The instants lie far in the
 * future so that the scheduled clean-up of the running server never forgets these counts mid-test.
 */
@TurnstileTest
class LoginThrottleTests {

	private static final Instant START = Instant.parse("2099-03-01T12:00:00Z");

	@Autowired
	private LoginAttemptEntityRepository attempts;

	@Autowired
	private TransactionOperations transactions;

	@Autowired
	private AuthProperties properties;

	@Autowired
	private People people;

	@Test
	void throttlesAccountAfterFiveFailuresWithGrowingDelay() {
		String email = "throttle-growing@example.test";
		for (int i = 0; i < 4; i++) {
			at(START).signInFailed(email, "192.0.2.1");
		}
		assertThat(at(START).signInRefusal(email, "192.0.2.1")).isEmpty();

		at(START).signInFailed(email, "192.0.2.1");
		assertThat(at(START).signInRefusal(email, "192.0.2.1")).contains(Duration.ofSeconds(2));
		assertThat(at(START.plusSeconds(1)).signInRefusal(email, "192.0.2.1")).contains(Duration.ofSeconds(1));
		assertThat(at(START.plusSeconds(2)).signInRefusal(email, "192.0.2.1")).isEmpty();

		at(START.plusSeconds(2)).signInFailed(email, "192.0.2.1");
		assertThat(at(START.plusSeconds(2)).signInRefusal(email, "192.0.2.1")).contains(Duration.ofSeconds(4));
		at(START.plusSeconds(6)).signInFailed(email, "192.0.2.1");
		assertThat(at(START.plusSeconds(6)).signInRefusal(email, "192.0.2.1")).contains(Duration.ofSeconds(8));
	}

	@Test
	void accountIsThrottledFromAnyAddress() {
		String email = "throttle-any-address@example.test";
		for (int i = 0; i < 5; i++) {
			at(START).signInFailed(email, "192.0.2.10" + i);
		}
		assertThat(at(START).signInRefusal(email, "192.0.2.200")).contains(Duration.ofSeconds(2));
		assertThat(at(START).signInRefusal("Throttle-Any-Address@Example.test ", null)).contains(Duration.ofSeconds(2));
	}

	@Test
	void delayNeverExceedsTheMaximum() {
		String email = "throttle-maximum@example.test";
		for (int i = 0; i < 40; i++) {
			at(START).signInFailed(email, "192.0.2.2");
		}
		assertThat(at(START).signInRefusal(email, "192.0.2.2")).contains(this.properties.login().maxDelay());
		assertThat(at(START.plus(this.properties.login().maxDelay())).signInRefusal(email, "192.0.2.2")).isEmpty();
	}

	@Test
	void successClearsTheAccountCounter() {
		String email = "throttle-success@example.test";
		for (int i = 0; i < 4; i++) {
			at(START).signInFailed(email, "192.0.2.3");
		}
		at(START).signInSucceeded(email);
		at(START).signInFailed(email, "192.0.2.3");
		assertThat(at(START).signInRefusal(email, "192.0.2.3")).isEmpty();
		assertThat(this.attempts.findById("account:" + email)).get()
			.extracting((attempt) -> attempt.failures)
			.isEqualTo(1);
	}

	@Test
	void failuresOlderThanTheWindowAreForgotten() {
		String email = "throttle-window@example.test";
		for (int i = 0; i < 4; i++) {
			at(START).signInFailed(email, "192.0.2.4");
		}
		Instant later = START.plus(this.properties.login().window()).plusSeconds(1);
		at(later).signInFailed(email, "192.0.2.4");
		assertThat(at(later).signInRefusal(email, "192.0.2.4")).isEmpty();
	}

	@Test
	void unknownAccountIsThrottledLikeAKnownOne() {
		String known = "throttle-known@example.test";
		this.people.signUp(known, "a-long-enough-password", "Known");
		String unknown = "throttle-unknown@example.test";
		assertThat(this.people.findByEmail(unknown)).isEmpty();
		for (int i = 0; i < 6; i++) {
			at(START).signInFailed(known, "192.0.2.5");
			at(START).signInFailed(unknown, "192.0.2.6");
		}
		assertThat(at(START).signInRefusal(unknown, "192.0.2.7")).isPresent()
			.isEqualTo(at(START).signInRefusal(known, "192.0.2.7"));
	}

	@Test
	void addressIsThrottledAfterFiftyFailuresAcrossAccounts() {
		String address = "192.0.2.8";
		for (int i = 0; i < 49; i++) {
			at(START).signInFailed("throttle-address-" + i + "@example.test", address);
		}
		assertThat(at(START).signInRefusal("throttle-address-fresh@example.test", address)).isEmpty();
		at(START).signInFailed("throttle-address-49@example.test", address);
		assertThat(at(START).signInRefusal("throttle-address-fresh@example.test", address))
			.contains(Duration.ofSeconds(2));
		assertThat(at(START).signInRefusal("throttle-address-fresh@example.test", "192.0.2.9")).isEmpty();
	}

	@Test
	void overlongEmailIsThrottledUnderItsHash() {
		String email = "x".repeat(500) + "@example.test";
		for (int i = 0; i < 5; i++) {
			at(START).signInFailed(email, "192.0.2.11");
		}
		assertThat(at(START).signInRefusal(email, "192.0.2.11")).contains(Duration.ofSeconds(2));
	}

	@Test
	void emailWithControlCharactersIsThrottledUnderItsHash() {
		String email = "throttle-nul\u0000@example.test";
		for (int i = 0; i < 5; i++) {
			at(START).signInFailed(email, "192.0.2.13");
		}

		assertThat(at(START).signInRefusal(email, "192.0.2.13")).contains(Duration.ofSeconds(2));
		assertThat(this.attempts.findAll()).noneMatch((attempt) -> attempt.attemptKey.contains("\u0000"));
	}

	@Test
	void signUpIsThrottledAfterTwentyAttemptsFromOneAddress() {
		String address = "192.0.2.12";
		for (int i = 0; i < 19; i++) {
			at(START).signUpAttempted(address);
		}
		assertThat(at(START).signUpRefusal(address)).isEmpty();
		at(START).signUpAttempted(address);
		assertThat(at(START).signUpRefusal(address)).contains(Duration.ofSeconds(2));
		assertThat(at(START).signInRefusal("throttle-signup@example.test", address)).isEmpty();
	}

	private LoginThrottle at(Instant instant) {
		return new LoginThrottle(this.attempts, this.properties.login(), this.transactions,
				Clock.fixed(instant, ZoneOffset.UTC));
	}

}
