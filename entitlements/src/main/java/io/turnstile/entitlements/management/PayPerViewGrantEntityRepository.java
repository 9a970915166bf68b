package io.turnstile.entitlements.management;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface PayPerViewGrantEntityRepository extends JpaRepository<PayPerViewGrantEntity, Long> {

	List<PayPerViewGrantEntity> findByUserIdOrderByIdDesc(String userId);

	Optional<PayPerViewGrantEntity> findByUserIdAndEventId(String userId, String eventId);

}
