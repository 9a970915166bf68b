package io.turnstile.auth.keys;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyEntityRepository extends JpaRepository<SigningKeyEntity, String> {

	List<SigningKeyEntity> findByStateOrderByCreatedAtDesc(String state);

	/**
	 * The ACTIVE and NEXT keys, read in one statement and locked: a node checking rotation waits for another
	 * that is rotating, then sees its result (never the old ACTIVE key together with the NEXT key already
	 * promoted).
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select k from SigningKeyEntity k where k.state in ('ACTIVE', 'NEXT') order by k.createdAt desc")
	List<SigningKeyEntity> findCurrentForUpdate();

	@Query("select k from SigningKeyEntity k where k.state in ('ACTIVE', 'NEXT') or k.removeAfter > :now order by k.createdAt desc")
	List<SigningKeyEntity> findPublishable(Instant now);

	@Modifying
	@Query("delete from SigningKeyEntity k where k.state = 'RETIRED' and k.removeAfter < :now")
	int deleteRemovable(Instant now);

}
