package io.turnstile.entitlements.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.UUID;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.InvalidEntitlementRequest;
import io.turnstile.entitlements.StreamLease;
import io.turnstile.entitlements.StreamLeases;
import io.turnstile.entitlements.StreamLimitReached;
import io.turnstile.entitlements.UnknownStreamLease;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link StreamLeases} on JPA. A start locks the person's {@code stream_lease_lock} row, counts their
 * unexpired leases, and inserts the new one in one transaction, so concurrent starts of one person run
 * one after the other and can never exceed the limit (on H2 and PostgreSQL alike). Heartbeats and stops
 * are single conditional statements and need no lock.
 */
class StreamLeasesManagement implements StreamLeases {

	private static final Log logger = LogFactory.getLog(StreamLeasesManagement.class);

	private static final int MAX_ID_LENGTH = 200;

	/** Attempts at a start whose lock row was being created, or whose lock wait timed out, concurrently. */
	private static final int MAX_ATTEMPTS = 5;

	private final StreamLeaseEntityRepository leases;

	private final StreamLeaseLockEntityRepository locks;

	/** A person's concurrent-stream limit: their tier's {@code streams}, read at each start. */
	private final ToIntFunction<AccountId> streamLimit;

	private final Duration ttl;

	private final TransactionTemplate transactions;

	private final TransactionTemplate separateTransactions;

	private final Clock clock;

	StreamLeasesManagement(StreamLeaseEntityRepository leases, StreamLeaseLockEntityRepository locks,
			ToIntFunction<AccountId> streamLimit, Duration ttl, PlatformTransactionManager transactionManager, Clock clock) {
		this.leases = Objects.requireNonNull(leases, "leases cannot be null");
		this.locks = Objects.requireNonNull(locks, "locks cannot be null");
		this.streamLimit = Objects.requireNonNull(streamLimit, "streamLimit cannot be null");
		this.ttl = Objects.requireNonNull(ttl, "ttl cannot be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		Objects.requireNonNull(transactionManager, "transactionManager cannot be null");
		this.transactions = new TransactionTemplate(transactionManager);
		this.separateTransactions = new TransactionTemplate(transactionManager);
		this.separateTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public StreamLease start(AccountId userId, String contentId, String deviceId, @Nullable UUID handoffFrom) {
		Objects.requireNonNull(userId, "userId cannot be null");
		requireId(contentId, "contentId");
		requireId(deviceId, "deviceId");
		for (int attempt = 1;; attempt++) {
			try {
				StreamLease started = this.transactions.execute((status) -> {
					if (this.locks.findForUpdate(userId.value()).isEmpty()) {
						return null;
					}
					return startLocked(userId, contentId, deviceId, handoffFrom);
				});
				if (started != null) {
					return started;
				}
				createLockRow(userId);
			}
			catch (PessimisticLockingFailureException ex) {
				// The database gave up waiting for the person's lock (H2 does after its lock timeout).
				if (attempt >= MAX_ATTEMPTS) {
					throw ex;
				}
				logger.debug("Waiting for the stream lock of " + userId + " timed out; trying again");
			}
			if (attempt >= MAX_ATTEMPTS) {
				throw new IllegalStateException("Could not lock the streams of " + userId);
			}
		}
	}

	/** Runs holding the person's lock: nobody else starts a stream of theirs meanwhile. */
	private StreamLease startLocked(AccountId userId, String contentId, String deviceId, @Nullable UUID handoffFrom) {
		Instant now = this.clock.instant();
		if (handoffFrom != null) {
			StreamLeaseEntity from = this.leases.findActive(handoffFrom, userId.value(), now)
				.orElseThrow(() -> unknown(handoffFrom));
			this.leases.delete(from);
			this.leases.flush();
		}
		List<StreamLeaseEntity> active = this.leases.findActive(userId.value(), now);
		int limit = this.streamLimit.applyAsInt(userId);
		if (active.size() >= limit) {
			throw new StreamLimitReached(limit, active.stream().map(StreamLeaseEntity::toDomain).toList());
		}
		StreamLeaseEntity lease = StreamLeaseEntity.start(userId, contentId, deviceId, now, now.plus(this.ttl));
		this.leases.save(lease);
		if (logger.isDebugEnabled()) {
			logger.debug("Stream " + lease.id + " of " + userId + " started on " + deviceId
					+ ((handoffFrom != null) ? " (handoff from " + handoffFrom + ")" : ""));
		}
		return lease.toDomain();
	}

	/** Creates the person's lock row (unless a concurrent start did) in its own transaction, committed at once. */
	private void createLockRow(AccountId userId) {
		try {
			this.separateTransactions
				.executeWithoutResult((status) -> this.locks.create(userId.value(), this.clock.instant()));
		}
		catch (DataIntegrityViolationException | PessimisticLockingFailureException ex) {
			logger.debug("The stream lock of " + userId + " was created concurrently");
		}
	}

	@Override
	public StreamLease heartbeat(AccountId userId, UUID leaseId) {
		Objects.requireNonNull(userId, "userId cannot be null");
		Objects.requireNonNull(leaseId, "leaseId cannot be null");
		StreamLease lease = this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			if (this.leases.extend(leaseId, userId.value(), now, now.plus(this.ttl)) == 0) {
				throw unknown(leaseId);
			}
			return this.leases.findById(leaseId).map(StreamLeaseEntity::toDomain).orElseThrow(() -> unknown(leaseId));
		});
		return Objects.requireNonNull(lease);
	}

	@Override
	public void stop(AccountId userId, UUID leaseId) {
		Objects.requireNonNull(userId, "userId cannot be null");
		Objects.requireNonNull(leaseId, "leaseId cannot be null");
		this.transactions.executeWithoutResult((status) -> {
			if (this.leases.end(leaseId, userId.value(), this.clock.instant()) == 0) {
				throw unknown(leaseId);
			}
		});
	}

	@Override
	public List<StreamLease> active(AccountId userId) {
		Objects.requireNonNull(userId, "userId cannot be null");
		List<StreamLease> active = this.transactions.execute((status) -> this.leases
			.findActive(userId.value(), this.clock.instant())
			.stream()
			.map(StreamLeaseEntity::toDomain)
			.toList());
		return Objects.requireNonNull(active);
	}

	/** Deletes every expired lease (they stopped counting at expiry already). @return how many */
	int sweep() {
		Integer deleted = this.transactions.execute((status) -> this.leases.deleteExpired(this.clock.instant()));
		return (deleted != null) ? deleted : 0;
	}

	private static UnknownStreamLease unknown(UUID leaseId) {
		return new UnknownStreamLease("No active stream " + leaseId + " of this person");
	}

	private static void requireId(@Nullable String value, String name) {
		if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH) {
			throw new InvalidEntitlementRequest(name + " must be 1-" + MAX_ID_LENGTH + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw new InvalidEntitlementRequest(name + " cannot contain control characters");
			}
		}
	}

}
