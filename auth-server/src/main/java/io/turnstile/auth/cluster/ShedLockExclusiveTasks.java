package io.turnstile.auth.cluster;

import java.time.Duration;
import java.time.Instant;

import io.turnstile.entitlements.ExclusiveTasks;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

import org.springframework.util.Assert;

/**
 * {@link ExclusiveTasks} on ShedLock: a task runs while this node holds the task's row in {@code shedlock}
 * (lock times in database time); a node that finds the row held skips the round.
 */
final class ShedLockExclusiveTasks implements ExclusiveTasks {

	private final LockingTaskExecutor executor;

	ShedLockExclusiveTasks(LockProvider locks) {
		Assert.notNull(locks, "locks cannot be null");
		this.executor = new DefaultLockingTaskExecutor(locks);
	}

	@Override
	public void run(String name, Duration lockAtMostFor, Duration lockAtLeastFor, Runnable task) {
		Assert.hasText(name, "name cannot be empty");
		Assert.isTrue(lockAtLeastFor.compareTo(lockAtMostFor) <= 0, "lockAtLeastFor cannot exceed lockAtMostFor");
		this.executor.executeWithLock(task, new LockConfiguration(Instant.now(), name, lockAtMostFor, lockAtLeastFor));
	}

}
