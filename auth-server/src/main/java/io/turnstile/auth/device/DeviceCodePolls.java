package io.turnstile.auth.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.turnstile.entitlements.ExclusiveTasks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * When each device code was last polled and at what interval, in the database so the polling rule holds
 * across nodes.
 */
@Component
public class DeviceCodePolls {

	private final DeviceCodePollEntityRepository polls;

	private final TransactionOperations transactions;

	private final Clock clock = Clock.systemUTC();

	private final int intervalSeconds;

	private ExclusiveTasks exclusive = ExclusiveTasks.LOCAL;

	DeviceCodePolls(DeviceCodePollEntityRepository polls, TransactionOperations transactions,
			@Value("${turnstile.device.poll-interval:5s}") Duration interval) {
		this.polls = polls;
		this.transactions = transactions;
		this.intervalSeconds = (int) Math.max(1, interval.toSeconds());
	}

	/** The polling interval the device authorization response announces, in seconds. */
	public int intervalSeconds() {
		return this.intervalSeconds;
	}

	/**
	 * Records a poll of the device code with this hash.
	 * @return whether it came sooner than the interval (the interval then grows by five seconds)
	 */
	boolean pollTooSoon(String deviceCodeHash) {
		try {
			return Boolean.TRUE.equals(this.transactions.execute((status) -> poll(deviceCodeHash)));
		}
		catch (DataIntegrityViolationException ex) {
			// Two first polls at once: the other one was first, so this one is too soon.
			return true;
		}
	}

	private boolean poll(String hash) {
		Instant now = this.clock.instant();
		DeviceCodePollEntity poll = this.polls.findForUpdate(hash).orElse(null);
		if (poll == null) {
			poll = new DeviceCodePollEntity();
			poll.deviceCodeHash = hash;
			poll.intervalSeconds = this.intervalSeconds;
			poll.lastPollAt = now;
			poll.expiresAt = now.plusSeconds(3600);
			this.polls.saveAndFlush(poll);
			return false;
		}
		// A little tolerance for network jitter: a poll at 4.8 s on a 5 s interval is fine.
		boolean tooSoon = now.isBefore(poll.lastPollAt.plusSeconds(poll.intervalSeconds).minusMillis(250));
		if (tooSoon) {
			poll.intervalSeconds += 5;
		}
		poll.lastPollAt = now;
		return tooSoon;
	}

	/** Runs the clean-up on one node at a time when several share the database. */
	@Autowired(required = false)
	void setExclusiveTasks(ExclusiveTasks exclusive) {
		this.exclusive = exclusive;
	}

	@Scheduled(initialDelay = 600_000, fixedDelay = 600_000)
	void deleteExpired() {
		this.exclusive.run("auth-device-code-poll-cleanup", Duration.ofMinutes(5), Duration.ofMinutes(5),
				() -> this.transactions.executeWithoutResult((status) -> this.polls.deleteExpired(this.clock.instant())));
	}

}
