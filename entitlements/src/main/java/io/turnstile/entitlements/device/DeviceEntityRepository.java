package io.turnstile.entitlements.device;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface DeviceEntityRepository extends JpaRepository<DeviceEntity, String> {

	List<DeviceEntity> findByUserIdAndSignedOutAtIsNullOrderByLastSeenDesc(String userId);

	long countByUserIdAndSignedOutAtIsNull(String userId);

	/** Makes sure the person's entitlement row exists, so it can serve as their lock. */
	@Modifying
	@Query(value = "insert into entitlement_account (user_id, ver, min_ver, updated_at) values (:userId, 0, 0, current_timestamp) on conflict do nothing",
			nativeQuery = true)
	int ensureAccount(String userId);

	/** Locks the person's entitlement row: device registrations of one person happen one at a time. */
	@Query(value = "select user_id from entitlement_account where user_id = :userId for update", nativeQuery = true)
	String lockAccount(String userId);

}
