package io.turnstile.entitlements.stream;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface StreamLeaseLockEntityRepository extends JpaRepository<StreamLeaseLockEntity, String> {

	/** Locks the person's row until the transaction ends ({@code select ... for update}). */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select l from StreamLeaseLockEntity l where l.userId = :userId")
	Optional<StreamLeaseLockEntity> findForUpdate(String userId);

	/**
	 * Creates the person's row unless it exists ({@code on conflict do nothing}: PostgreSQL, and H2 in
	 * PostgreSQL mode).
	 */
	@Modifying
	@Query(nativeQuery = true, value = "insert into stream_lease_lock (user_id, created_at) values (:userId, :createdAt)"
			+ " on conflict do nothing")
	void create(String userId, Instant createdAt);

}
