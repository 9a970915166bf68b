package io.turnstile.entitlements.management;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface PayPerViewPurchaseEntityRepository extends JpaRepository<PayPerViewPurchaseEntity, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from PayPerViewPurchaseEntity p where p.paymentId = :paymentId")
	Optional<PayPerViewPurchaseEntity> findForUpdate(String paymentId);

	List<PayPerViewPurchaseEntity> findByGrantId(long grantId);

	List<PayPerViewPurchaseEntity> findByCreatedAtGreaterThanEqualAndCreatedAtLessThanOrderByCreatedAtAsc(Instant from,
			Instant to);

}
