package io.turnstile.entitlements.management;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface EntitlementChangeEntityRepository extends JpaRepository<EntitlementChangeEntity, Long> {

	List<EntitlementChangeEntity> findTop200ByUserIdOrderByIdDesc(String userId);

	List<EntitlementChangeEntity> findTop200ByOrderByIdDesc();

}
