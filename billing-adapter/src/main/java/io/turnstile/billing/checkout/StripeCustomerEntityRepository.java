package io.turnstile.billing.checkout;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface StripeCustomerEntityRepository extends JpaRepository<StripeCustomerEntity, String> {

	List<StripeCustomerEntity> findByUserIdOrderByCreatedAtAsc(String userId);

}
