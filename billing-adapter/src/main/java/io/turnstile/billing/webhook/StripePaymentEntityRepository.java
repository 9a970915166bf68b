package io.turnstile.billing.webhook;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface StripePaymentEntityRepository extends JpaRepository<StripePaymentEntity, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from StripePaymentEntity p where p.paymentIntent = :paymentIntent")
	Optional<StripePaymentEntity> findForUpdate(String paymentIntent);

}
