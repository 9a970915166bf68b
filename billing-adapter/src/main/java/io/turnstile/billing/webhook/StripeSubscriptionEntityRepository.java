package io.turnstile.billing.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface StripeSubscriptionEntityRepository extends JpaRepository<StripeSubscriptionEntity, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from StripeSubscriptionEntity s where s.id = :id")
	Optional<StripeSubscriptionEntity> findForUpdate(String id);

	List<StripeSubscriptionEntity> findByUserId(String userId);

	List<StripeSubscriptionEntity> findByStatusAndPastDueSinceLessThanEqual(String status, Instant since);

}
