package io.turnstile.entitlements.feed;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface FeedEntryEntityRepository extends JpaRepository<FeedEntryEntity, Long> {

	List<FeedEntryEntity> findBySeqGreaterThanOrderBySeqAsc(long seq, Limit limit);

	/**
	 * Takes the feed's append lock until the transaction ends: appends, on every node, take their seq and
	 * commit one after the other, so entries become visible in seq order.
	 */
	@Query(nativeQuery = true, value = "select id from entitlement_feed_lock where id = 1 for update")
	Integer lockAppends();

	@Query("select coalesce(max(f.seq), 0) from FeedEntryEntity f")
	long head();

	@Query("select coalesce(max(f.seq), 0) from FeedEntryEntity f where f.at < :time")
	long lastBefore(Instant time);

	@Query("select coalesce(min(f.seq), 0) from FeedEntryEntity f")
	long oldest();

	/** Deletes entries older than {@code before}, always keeping the newest. */
	@Modifying
	@Query("delete from FeedEntryEntity f where f.at < :before and f.seq < (select max(g.seq) from FeedEntryEntity g)")
	int deleteOlderThan(Instant before);

}
