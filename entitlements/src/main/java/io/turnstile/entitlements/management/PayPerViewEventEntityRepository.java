package io.turnstile.entitlements.management;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PayPerViewEventEntityRepository extends JpaRepository<PayPerViewEventEntity, String> {

	List<PayPerViewEventEntity> findAllByOrderByStartsAtAsc();

}
