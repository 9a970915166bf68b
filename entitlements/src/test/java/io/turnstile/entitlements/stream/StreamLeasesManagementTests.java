package io.turnstile.entitlements.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.InvalidEntitlementRequest;
import io.turnstile.entitlements.StreamLease;
import io.turnstile.entitlements.StreamLimitReached;
import io.turnstile.entitlements.UnknownStreamLease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StreamLeasesManagement} against the Flyway-migrated schema on H2 in PostgreSQL mode, with a
 * clock the tests move. Each test commits for real (no test transaction), as the application does, and
 * uses people of its own.
 */
@DataJpaTest(showSql = false)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class StreamLeasesManagementTests {

	static final Duration TTL = Duration.ofSeconds(60);

	@Autowired
	StreamLeaseEntityRepository leaseRows;

	@Autowired
	StreamLeaseLockEntityRepository locks;

	@Autowired
	PlatformTransactionManager transactionManager;

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T20:00:00Z"));

	/** Each person's tier (the standard catalog): all stream leases read of entitlements. */
	final Map<AccountId, Tier> tiers = new ConcurrentHashMap<>();

	StreamLeasesManagement streams;

	@BeforeEach
	void setUp() {
		this.streams = new StreamLeasesManagement(this.leaseRows, this.locks,
				(userId) -> this.tiers.getOrDefault(userId, TierCatalog.standard().tiers().get(0)).streams(), TTL,
				this.transactionManager, this.clock);
	}

	@Test
	void startedLeaseIsActiveWithTheTtlUntilStopped() {
		AccountId viewer = person("standard");

		StreamLease lease = this.streams.start(viewer, "title-1", "phone", null);

		assertThat(lease.userId()).isEqualTo(viewer);
		assertThat(lease.contentId()).isEqualTo("title-1");
		assertThat(lease.deviceId()).isEqualTo("phone");
		assertThat(lease.startedAt()).isEqualTo(this.clock.instant());
		assertThat(lease.expiresAt()).isEqualTo(this.clock.instant().plus(TTL));
		assertThat(this.streams.active(viewer)).containsExactly(lease);

		this.streams.stop(viewer, lease.leaseId());

		assertThat(this.streams.active(viewer)).isEmpty();
		assertThat(this.leaseRows.findById(lease.leaseId())).isEmpty();
	}

	@Test
	void leaseIdsAreRandomUuids() {
		AccountId viewer = person("premium");

		StreamLease first = this.streams.start(viewer, "title-1", "phone", null);
		StreamLease second = this.streams.start(viewer, "title-1", "phone", null);

		assertThat(first.leaseId().version()).isEqualTo(4);
		assertThat(second.leaseId()).isNotEqualTo(first.leaseId());
	}

	@Test
	void thirdConcurrentStreamIsRefusedOnATwoStreamPlanWithBothActiveStreams() {
		AccountId viewer = person("standard");
		StreamLease phone = this.streams.start(viewer, "title-1", "phone", null);
		this.clock.advance(Duration.ofSeconds(1));
		StreamLease tv = this.streams.start(viewer, "title-2", "tv", null);

		assertThatExceptionOfType(StreamLimitReached.class)
			.isThrownBy(() -> this.streams.start(viewer, "title-3", "tablet", null))
			.satisfies((ex) -> {
				assertThat(ex.limit()).isEqualTo(2);
				assertThat(ex.activeStreams()).containsExactly(phone, tv);
			});
		assertThat(this.streams.active(viewer)).containsExactly(phone, tv);
	}

	@Test
	void freeTierAllowsOneStream() {
		AccountId viewer = person("free");
		this.streams.start(viewer, "title-1", "phone", null);

		assertThatExceptionOfType(StreamLimitReached.class)
			.isThrownBy(() -> this.streams.start(viewer, "title-1", "tv", null))
			.extracting(StreamLimitReached::limit)
			.isEqualTo(1);
	}

	@Test
	void afterADowngradeRunningStreamsKeepGoingButNoNewOneStartsOverTheNewLimit() {
		AccountId viewer = person("standard");
		StreamLease phone = this.streams.start(viewer, "title-1", "phone", null);
		StreamLease tv = this.streams.start(viewer, "title-2", "tv", null);

		this.tiers.put(viewer, TierCatalog.standard().find("basic").orElseThrow());

		assertThat(this.streams.heartbeat(viewer, phone.leaseId()).leaseId()).isEqualTo(phone.leaseId());
		assertThat(this.streams.heartbeat(viewer, tv.leaseId()).leaseId()).isEqualTo(tv.leaseId());
		assertThatExceptionOfType(StreamLimitReached.class)
			.isThrownBy(() -> this.streams.start(viewer, "title-3", "tablet", null))
			.extracting(StreamLimitReached::limit)
			.isEqualTo(1);
	}

	@Test
	void stoppingAStreamFreesItsSlot() {
		AccountId viewer = person("basic");
		StreamLease phone = this.streams.start(viewer, "title-1", "phone", null);

		this.streams.stop(viewer, phone.leaseId());
		StreamLease tv = this.streams.start(viewer, "title-1", "tv", null);

		assertThat(this.streams.active(viewer)).containsExactly(tv);
	}

	@Test
	void handoffAtTheLimitEndsTheOldLeaseAndStartsTheNewOneInOneStep() {
		AccountId viewer = person("standard");
		StreamLease phone = this.streams.start(viewer, "title-1", "phone", null);
		StreamLease laptop = this.streams.start(viewer, "title-2", "laptop", null);

		StreamLease tv = this.streams.start(viewer, "title-1", "tv", phone.leaseId());

		assertThat(tv.leaseId()).isNotEqualTo(phone.leaseId());
		assertThat(tv.deviceId()).isEqualTo("tv");
		assertThat(this.streams.active(viewer)).containsExactlyInAnyOrder(laptop, tv);
		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.heartbeat(viewer, phone.leaseId()));
	}

	@Test
	void handoffFromAnotherPersonsLeaseIsRefusedAndLeavesBothUntouched() {
		AccountId owner = person("standard");
		AccountId other = person("standard");
		StreamLease owners = this.streams.start(owner, "title-1", "phone", null);

		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.start(other, "title-1", "tv", owners.leaseId()));

		assertThat(this.streams.active(owner)).containsExactly(owners);
		assertThat(this.streams.active(other)).isEmpty();
	}

	@Test
	void handoffFromAnUnknownLeaseStartsNothing() {
		AccountId viewer = person("standard");

		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.start(viewer, "title-1", "tv", UUID.randomUUID()));

		assertThat(this.streams.active(viewer)).isEmpty();
	}

	@Test
	void someoneElsesLeaseCannotBeHeartbeatOrStopped() {
		AccountId owner = person("standard");
		AccountId other = person("standard");
		StreamLease owners = this.streams.start(owner, "title-1", "phone", null);
		this.clock.advance(Duration.ofSeconds(30));

		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.heartbeat(other, owners.leaseId()));
		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.stop(other, owners.leaseId()));

		assertThat(this.streams.active(owner)).containsExactly(owners);
	}

	@Test
	void heartbeatExtendsTheLeaseToTheTtlFromNow() {
		AccountId viewer = person("standard");
		StreamLease lease = this.streams.start(viewer, "title-1", "phone", null);
		this.clock.advance(Duration.ofSeconds(45));

		StreamLease extended = this.streams.heartbeat(viewer, lease.leaseId());

		assertThat(extended.leaseId()).isEqualTo(lease.leaseId());
		assertThat(extended.startedAt()).isEqualTo(lease.startedAt());
		assertThat(extended.expiresAt()).isEqualTo(this.clock.instant().plus(TTL));
		this.clock.advance(Duration.ofSeconds(45));
		assertThat(this.streams.active(viewer)).extracting(StreamLease::leaseId).containsExactly(lease.leaseId());
	}

	@Test
	void leaseWithoutHeartbeatsExpiresAfterTheTtlAndFreesItsSlot() {
		AccountId viewer = person("basic");
		StreamLease phone = this.streams.start(viewer, "title-1", "phone", null);

		this.clock.advance(TTL.minusSeconds(1));
		assertThat(this.streams.active(viewer)).containsExactly(phone);
		assertThatExceptionOfType(StreamLimitReached.class)
			.isThrownBy(() -> this.streams.start(viewer, "title-1", "tv", null));

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.streams.active(viewer)).isEmpty();
		StreamLease tv = this.streams.start(viewer, "title-1", "tv", null);
		assertThat(this.streams.active(viewer)).containsExactly(tv);
	}

	@Test
	void expiredLeaseCannotBeHeartbeatStoppedOrHandedOff() {
		AccountId viewer = person("standard");
		StreamLease lease = this.streams.start(viewer, "title-1", "phone", null);
		this.clock.advance(TTL);

		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.heartbeat(viewer, lease.leaseId()));
		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.stop(viewer, lease.leaseId()));
		assertThatExceptionOfType(UnknownStreamLease.class)
			.isThrownBy(() -> this.streams.start(viewer, "title-1", "tv", lease.leaseId()));
	}

	@Test
	void sweepDeletesExpiredLeasesOnly() {
		AccountId viewer = person("premium");
		StreamLease old = this.streams.start(viewer, "title-1", "phone", null);
		this.clock.advance(Duration.ofSeconds(30));
		StreamLease recent = this.streams.start(viewer, "title-2", "tv", null);
		this.clock.advance(Duration.ofSeconds(30));

		int deleted = this.streams.sweep();

		assertThat(deleted).isGreaterThanOrEqualTo(1);
		assertThat(this.leaseRows.findById(old.leaseId())).isEmpty();
		assertThat(this.leaseRows.findById(recent.leaseId())).isPresent();
	}

	@Test
	void blankOrOverlongIdsAreRefused() {
		AccountId viewer = person("standard");

		assertThatExceptionOfType(InvalidEntitlementRequest.class)
			.isThrownBy(() -> this.streams.start(viewer, " ", "phone", null));
		assertThatExceptionOfType(InvalidEntitlementRequest.class)
			.isThrownBy(() -> this.streams.start(viewer, "title-1", "x".repeat(201), null));
		assertThatExceptionOfType(InvalidEntitlementRequest.class)
			.isThrownBy(() -> this.streams.start(viewer, "title\n1", "phone", null));
		assertThat(this.streams.active(viewer)).isEmpty();
	}

	@Test
	void fiftySimultaneousFirstStartsOnATwoStreamPlanGiveExactlyTwoLeases() throws Exception {
		AccountId viewer = person("standard");
		int attempts = 50;
		CountDownLatch ready = new CountDownLatch(attempts);
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger refused = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(attempts);
		try {
			List<Future<StreamLease>> results = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				String device = "device-" + i;
				Callable<StreamLease> start = () -> {
					ready.countDown();
					go.await();
					try {
						return this.streams.start(viewer, "title-1", device, null);
					}
					catch (StreamLimitReached ex) {
						refused.incrementAndGet();
						return null;
					}
				};
				results.add(pool.submit(start));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<StreamLease> started = new ArrayList<>();
			for (Future<StreamLease> result : results) {
				StreamLease lease = result.get(60, TimeUnit.SECONDS);
				if (lease != null) {
					started.add(lease);
				}
			}

			assertThat(started).hasSize(2);
			assertThat(refused).hasValue(attempts - 2);
			assertThat(this.streams.active(viewer)).containsExactlyInAnyOrderElementsOf(started);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private AccountId person(String tier) {
		AccountId userId = new AccountId("viewer-" + UUID.randomUUID());
		this.tiers.put(userId, TierCatalog.standard().find(tier).orElseThrow());
		return userId;
	}

}
