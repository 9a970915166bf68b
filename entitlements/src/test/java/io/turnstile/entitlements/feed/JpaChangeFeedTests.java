package io.turnstile.entitlements.feed;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.ChangeFeed;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JpaChangeFeed} against the Flyway-migrated schema (H2 in PostgreSQL mode), committing for real:
 * entries become visible in seq order, so a follower never skips one.
 */
@DataJpaTest(showSql = false)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class JpaChangeFeedTests {

	@Autowired
	FeedEntryEntityRepository entries;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void appendWaitsForAnEarlierUncommittedAppendSoAFollowerNeverSkipsAnEntry() throws Exception {
		JpaChangeFeed feed = new JpaChangeFeed(this.entries, Clock.systemUTC());
		TransactionTemplate transactions = new TransactionTemplate(this.transactionManager);
		long cursor = feed.head();
		CountDownLatch firstAppended = new CountDownLatch(1);
		CountDownLatch commitFirst = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> first = pool.submit(() -> transactions.executeWithoutResult((status) -> {
				feed.append(new AccountId("feed-first"), 1L, List.of(), List.of("jti-1"), "token_revoked");
				firstAppended.countDown();
				await(commitFirst);
			}));
			assertThat(firstAppended.await(10, TimeUnit.SECONDS)).isTrue();
			Future<?> second = pool.submit(() -> transactions.executeWithoutResult(
					(status) -> feed.append(new AccountId("feed-second"), 1L, List.of(), List.of("jti-2"), "token_revoked")));

			assertThatExceptionOfType(TimeoutException.class).as("the second append waits for the first to commit")
				.isThrownBy(() -> second.get(500, TimeUnit.MILLISECONDS));
			assertThat(feed.after(cursor, 10)).as("nothing committed yet").isEmpty();

			commitFirst.countDown();
			first.get(10, TimeUnit.SECONDS);
			second.get(10, TimeUnit.SECONDS);
		}
		finally {
			commitFirst.countDown();
			pool.shutdownNow();
		}

		List<ChangeFeed.Entry> followed = feed.after(cursor, 10);
		assertThat(followed).extracting(ChangeFeed.Entry::revokedTokenIds)
			.containsExactly(List.of("jti-1"), List.of("jti-2"));
		assertThat(followed.get(0).seq()).isLessThan(followed.get(1).seq());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
