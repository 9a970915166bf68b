package io.turnstile.auth.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.turnstile.auth.config.AuthProperties;
import io.turnstile.entitlements.ExclusiveTasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * Brute-force protection of sign-in and sign-up. Failures are counted per account ({@code account:<e-mail>},
 * whether or not the account exists, so the throttle never tells which ones do) and per remote address
 * ({@code ip:<address>}). From the threshold on, every failure blocks the key for
 * {@code baseDelay * 2^(failures - threshold)}, capped at {@code maxDelay}; attempts while blocked are refused
 * without being counted. A success clears the account's count; failures older than the window are forgotten.
 * Wrong TV-code entries on {@code /activate} are counted the same way, per session and per address.
 */
@Component
public class LoginThrottle {

	private static final Log logger = LogFactory.getLog(LoginThrottle.class);

	/** Sign-up attempts from one address within the window before delays start. */
	static final int SIGN_UP_THRESHOLD = 20;

	private static final int MAX_KEY_LENGTH = 400;

	private final LoginAttemptEntityRepository attempts;

	private final AuthProperties.Login settings;

	private final TransactionOperations transactions;

	private final Clock clock;

	private ExclusiveTasks exclusive = ExclusiveTasks.LOCAL;

	@Autowired
	LoginThrottle(LoginAttemptEntityRepository attempts, AuthProperties properties, TransactionOperations transactions) {
		this(attempts, properties.login(), transactions, Clock.systemUTC());
	}

	LoginThrottle(LoginAttemptEntityRepository attempts, AuthProperties.Login settings,
			TransactionOperations transactions, Clock clock) {
		Assert.notNull(attempts, "attempts cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Assert.isTrue(settings.accountThreshold() > 0 && settings.ipThreshold() > 0, "thresholds must be positive");
		Assert.isTrue(!settings.baseDelay().isNegative() && settings.maxDelay().compareTo(settings.baseDelay()) >= 0,
				"delays must satisfy 0 <= baseDelay <= maxDelay");
		this.attempts = attempts;
		this.settings = settings;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** How long a sign-in for this e-mail from this address must wait; empty if it may go ahead. */
	Optional<Duration> signInRefusal(String email, @Nullable String remoteAddress) {
		Optional<Duration> account = blockRemaining(accountKey(email));
		Optional<Duration> address = (remoteAddress != null) ? blockRemaining(key("ip:", remoteAddress))
				: Optional.empty();
		return longer(account, address);
	}

	void signInFailed(String email, @Nullable String remoteAddress) {
		fail(accountKey(email), this.settings.accountThreshold());
		if (remoteAddress != null) {
			fail(key("ip:", remoteAddress), this.settings.ipThreshold());
		}
	}

	void signInSucceeded(String email) {
		this.transactions.executeWithoutResult((status) -> this.attempts.deleteById(accountKey(email)));
	}

	/** How long a sign-up from this address must wait; empty if it may go ahead. */
	Optional<Duration> signUpRefusal(@Nullable String remoteAddress) {
		return (remoteAddress != null) ? blockRemaining(key("signup-ip:", remoteAddress)) : Optional.empty();
	}

	/** Counts every sign-up attempt, accepted or not. */
	void signUpAttempted(@Nullable String remoteAddress) {
		if (remoteAddress != null) {
			fail(key("signup-ip:", remoteAddress), SIGN_UP_THRESHOLD);
		}
	}

	/** Wrong TV-code entries from one session, and from one address, before delays start. */
	static final int USER_CODE_SESSION_THRESHOLD = 5;

	static final int USER_CODE_IP_THRESHOLD = 20;

	/** How long a TV-code entry from this session and address must wait; empty if it may go ahead. */
	public Optional<Duration> userCodeRefusal(String sessionId, @Nullable String remoteAddress) {
		Optional<Duration> session = blockRemaining(key("code-session:", sessionId));
		Optional<Duration> address = (remoteAddress != null) ? blockRemaining(key("code-ip:", remoteAddress))
				: Optional.empty();
		return longer(session, address);
	}

	/** Counts a TV-code entry that matched no pending code. */
	public void userCodeFailed(String sessionId, @Nullable String remoteAddress) {
		fail(key("code-session:", sessionId), USER_CODE_SESSION_THRESHOLD);
		if (remoteAddress != null) {
			fail(key("code-ip:", remoteAddress), USER_CODE_IP_THRESHOLD);
		}
	}

	/** Runs the clean-up on one node at a time when several share the database. */
	@Autowired(required = false)
	void setExclusiveTasks(ExclusiveTasks exclusive) {
		this.exclusive = exclusive;
	}

	/** Deletes counts that are forgotten anyway, so the table holds only recent failures (on one node). */
	@Scheduled(fixedDelay = 10, initialDelay = 10, timeUnit = TimeUnit.MINUTES)
	void forgetOnOneNode() {
		this.exclusive.run("auth-login-throttle-forget", Duration.ofMinutes(5), Duration.ofMinutes(5), this::forget);
	}

	void forget() {
		Instant now = this.clock.instant();
		Integer deleted = this.transactions
			.execute((status) -> this.attempts.deleteForgotten(now.minus(this.settings.window()), now));
		if (logger.isDebugEnabled()) {
			logger.debug("Forgot " + deleted + " old sign-in attempt counts");
		}
	}

	private Optional<Duration> blockRemaining(String key) {
		Instant now = this.clock.instant();
		return this.attempts.findById(key)
			.map((attempt) -> attempt.blockedUntil)
			.filter(now::isBefore)
			.map((blockedUntil) -> Duration.between(now, blockedUntil));
	}

	private void fail(String key, int threshold) {
		try {
			this.transactions.executeWithoutResult((status) -> count(key, threshold));
		}
		catch (DataIntegrityViolationException ex) {
			// A concurrent first failure inserted the row: count on it.
			this.transactions.executeWithoutResult((status) -> count(key, threshold));
		}
	}

	private void count(String key, int threshold) {
		Instant now = this.clock.instant();
		LoginAttemptEntity attempt = this.attempts.findForUpdate(key).orElseGet(() -> LoginAttemptEntity.first(key));
		if (attempt.lastFailureAt.plus(this.settings.window()).isBefore(now)) {
			attempt.failures = 0;
		}
		attempt.failures++;
		attempt.lastFailureAt = now;
		if (attempt.failures >= threshold) {
			Duration delay = delay(attempt.failures - threshold);
			attempt.blockedUntil = now.plus(delay);
			logger.info("Throttling " + key.substring(0, key.indexOf(':')) + " for " + delay.toSeconds()
					+ "s after " + attempt.failures + " failures");
		}
		this.attempts.saveAndFlush(attempt);
	}

	private Duration delay(int doublings) {
		Duration max = this.settings.maxDelay();
		if (doublings >= 30) {
			return max;
		}
		Duration delay = this.settings.baseDelay().multipliedBy(1L << doublings);
		return (delay.compareTo(max) > 0) ? max : delay;
	}

	private static String accountKey(String email) {
		return key("account:", Person.normalizeEmail(email));
	}

	/**
	 * The key, or for values too long for the column or holding characters no key should (NUL, which
	 * PostgreSQL refuses, and the other controls) the hash of the value.
	 */
	private static String key(String prefix, String value) {
		String key = prefix + value;
		boolean plain = key.length() <= MAX_KEY_LENGTH && value.chars().noneMatch(Character::isISOControl);
		return plain ? key : prefix + "sha256:" + sha256(value);
	}

	private static String sha256(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
		if (a.isEmpty()) {
			return b;
		}
		if (b.isEmpty()) {
			return a;
		}
		return (a.get().compareTo(b.get()) >= 0) ? a : b;
	}

}
