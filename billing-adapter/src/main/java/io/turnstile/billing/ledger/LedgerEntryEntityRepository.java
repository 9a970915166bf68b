package io.turnstile.billing.ledger;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface LedgerEntryEntityRepository extends JpaRepository<LedgerEntryEntity, Long> {

	boolean existsByFactKey(String factKey);

	boolean existsByKindAndObjectIdAndEffect(String kind, String objectId, String effect);

	boolean existsByKindAndSubscriptionIdAndEffect(String kind, String subscriptionId, String effect);

	boolean existsByPaymentIntentAndKindInAndEffect(String paymentIntent, List<String> kinds, String effect);

	boolean existsByPaymentIntentAndKindAndStatusAndEffect(String paymentIntent, String kind, String status,
			String effect);

	@Query("select coalesce(sum(e.amountMinor), 0) from LedgerEntryEntity e where e.kind = :kind and e.objectId = :objectId and e.effect = :effect")
	long sumOfAmounts(String kind, String objectId, String effect);

	List<LedgerEntryEntity> findTop50ByObjectIdOrderByIdAsc(String objectId);

	List<LedgerEntryEntity> findTop50BySubscriptionIdOrderByIdAsc(String subscriptionId);

	List<LedgerEntryEntity> findTop50ByPaymentIntentOrderByIdAsc(String paymentIntent);

	/** One page of a period, after a position, in the order of occurrence then recording. */
	@Query("""
			select e from LedgerEntryEntity e
			where e.occurredAt >= :from and e.occurredAt < :to
			  and (:userId is null or e.userId = :userId)
			  and (:kind is null or e.kind = :kind)
			  and (:effect is null or e.effect = :effect)
			  and (e.occurredAt > :afterAt or (e.occurredAt = :afterAt and e.id > :afterId))
			order by e.occurredAt, e.id""")
	List<LedgerEntryEntity> page(Instant from, Instant to, @Nullable String userId, @Nullable String kind,
			@Nullable String effect, Instant afterAt, long afterId, Limit limit);

}
