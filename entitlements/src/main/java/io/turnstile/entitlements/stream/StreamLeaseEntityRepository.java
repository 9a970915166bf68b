package io.turnstile.entitlements.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface StreamLeaseEntityRepository extends JpaRepository<StreamLeaseEntity, UUID> {

	@Query("select l from StreamLeaseEntity l where l.userId = :userId and l.expiresAt > :now"
			+ " order by l.startedAt, l.id")
	List<StreamLeaseEntity> findActive(String userId, Instant now);

	@Query("select l from StreamLeaseEntity l where l.id = :id and l.userId = :userId and l.expiresAt > :now")
	Optional<StreamLeaseEntity> findActive(UUID id, String userId, Instant now);

	/** Extends one unexpired lease of one person; 0 if there is none. */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update StreamLeaseEntity l set l.expiresAt = :expiresAt"
			+ " where l.id = :id and l.userId = :userId and l.expiresAt > :now")
	int extend(UUID id, String userId, Instant now, Instant expiresAt);

	/** Deletes one unexpired lease of one person; 0 if there is none. */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("delete from StreamLeaseEntity l where l.id = :id and l.userId = :userId and l.expiresAt > :now")
	int end(UUID id, String userId, Instant now);

	@Modifying
	@Query("delete from StreamLeaseEntity l where l.expiresAt <= :now")
	int deleteExpired(Instant now);

}
