package io.turnstile.auth.audit;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit entries that belong to no transaction and come in great numbers (every token response), written
 * in batches: at least every {@link #INTERVAL}, before every search of the log on this node, and when the
 * server stops (after it has stopped taking requests). A full buffer, or one that is not running, makes the
 * caller write its entry at once; a batch the database refuses stays buffered for the next attempt, so
 * nothing is dropped while the buffer has room.
 */
@Component
class AuditBuffer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AuditBuffer.class);

	static final Duration INTERVAL = Duration.ofMillis(200);

	static final int CAPACITY = 20_000;

	private static final int BATCH = 500;

	private static final String INSERT = "insert into audit_event (at, actor, action, subject, client_id, remote_address, "
			+ "outcome, detail) values (?, ?, ?, ?, ?, ?, ?, ?)";

	private final BlockingQueue<AuditEventEntity> pending = new ArrayBlockingQueue<>(CAPACITY);

	private final ReentrantLock flushing = new ReentrantLock();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private volatile boolean running;

	private ScheduledExecutorService flusher;

	AuditBuffer(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		// Its own transaction, also when flushed from a (read-only) search.
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * @return whether the entry was buffered; if not, the caller writes it itself
	 */
	boolean offer(AuditEventEntity event) {
		return this.running && this.pending.offer(event);
	}

	/** Writes every buffered entry now. */
	void flush() {
		this.flushing.lock();
		try {
			List<AuditEventEntity> batch = new ArrayList<>(BATCH);
			while (this.pending.drainTo(batch, BATCH) > 0) {
				try {
					this.transactions.executeWithoutResult((status) -> write(batch));
				}
				catch (RuntimeException ex) {
					int kept = 0;
					for (AuditEventEntity event : batch) {
						kept += this.pending.offer(event) ? 1 : 0;
					}
					logger.warn("Could not write " + batch.size() + " audit entries (" + ex.getClass().getSimpleName()
							+ "); " + kept + " kept for the next attempt");
					return;
				}
				batch.clear();
			}
		}
		finally {
			this.flushing.unlock();
		}
	}

	private void write(List<AuditEventEntity> batch) {
		this.jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, event) -> {
			statement.setObject(1, OffsetDateTime.ofInstant(event.at, ZoneOffset.UTC));
			statement.setString(2, event.actor);
			statement.setString(3, event.action);
			statement.setString(4, event.subject);
			statement.setString(5, event.clientId);
			statement.setString(6, event.remoteAddress);
			statement.setString(7, event.outcome);
			statement.setString(8, event.detail);
		});
	}

	@Override
	public void start() {
		this.flusher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "audit-flush");
			thread.setDaemon(true);
			return thread;
		});
		this.flusher.scheduleWithFixedDelay(this::flush, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.flusher.shutdown();
		try {
			this.flusher.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		flush();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops after the web server (which stops at DEFAULT_PHASE - 2048) has finished its requests. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
