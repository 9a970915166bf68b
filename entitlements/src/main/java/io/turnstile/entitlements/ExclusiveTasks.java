package io.turnstile.entitlements;

import java.time.Duration;

/**
 * Runs periodic work on one node at a time when several nodes share a database (expired-lease sweeps,
 * change-feed clean-up, billing retries). The modules declare the question; the application answers it
 * with a database lock. Without an answer the work runs wherever it is scheduled: {@link #LOCAL}.
 */
@FunctionalInterface
public interface ExclusiveTasks {

	/** Runs every task at once on this node: right for a single node, and for work that is harmless twice. */
	ExclusiveTasks LOCAL = (name, lockAtMostFor, lockAtLeastFor, task) -> task.run();

	/**
	 * Runs {@code task} unless another node holds the lock {@code name}; skips it if one does (the next
	 * round runs it again).
	 * @param name the lock's name, the same on every node (at most 64 characters)
	 * @param lockAtMostFor how long the lock holds if this node dies while running (longer than a run takes)
	 * @param lockAtLeastFor how long the lock holds after a quick run, so that other nodes' schedules,
	 * offset from this one's, do not repeat the work at once (shorter than the schedule's interval)
	 * @param task the work
	 */
	void run(String name, Duration lockAtMostFor, Duration lockAtLeastFor, Runnable task);

}
