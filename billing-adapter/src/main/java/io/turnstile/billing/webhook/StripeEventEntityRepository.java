package io.turnstile.billing.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface StripeEventEntityRepository extends JpaRepository<StripeEventEntity, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select e from StripeEventEntity e where e.id = :id")
	Optional<StripeEventEntity> findForUpdate(String id);

	List<StripeEventEntity> findByStateOrderByCreatedAsc(String state, Limit limit);

	List<StripeEventEntity> findByStateAndUserIdOrderByCreatedAsc(String state, String userId);

	List<StripeEventEntity> findByStateAndCreatedGreaterThanEqualAndCreatedLessThanOrderByCreatedAsc(String state,
			Instant from, Instant to);

	/** Failed events whose next attempt is due, and received events a stopped node left unapplied. */
	@Query("""
			select e.id from StripeEventEntity e
			where (e.state = 'failed' and e.nextAttemptAt <= :now)
			   or (e.state = 'received' and e.receivedAt <= :unfinishedBefore)
			order by e.created""")
	List<String> findDue(Instant now, Instant unfinishedBefore, Limit limit);

}
