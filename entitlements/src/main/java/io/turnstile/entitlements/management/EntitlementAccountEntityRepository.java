package io.turnstile.entitlements.management;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface EntitlementAccountEntityRepository extends JpaRepository<EntitlementAccountEntity, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from EntitlementAccountEntity a where a.userId = :userId")
	Optional<EntitlementAccountEntity> findForUpdate(String userId);

	List<EntitlementAccountEntity> findBySubGrantsTrueOrderByUserId();

}
