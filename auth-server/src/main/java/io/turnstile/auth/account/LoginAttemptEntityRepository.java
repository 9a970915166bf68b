package io.turnstile.auth.account;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface LoginAttemptEntityRepository extends JpaRepository<LoginAttemptEntity, String> {

	/** The row to count a failure on, locked so that concurrent failures are all counted. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from LoginAttemptEntity a where a.attemptKey = :key")
	Optional<LoginAttemptEntity> findForUpdate(@Param("key") String key);

	@Modifying
	@Query("delete from LoginAttemptEntity a where a.lastFailureAt < :forgetBefore"
			+ " and (a.blockedUntil is null or a.blockedUntil < :now)")
	int deleteForgotten(@Param("forgetBefore") Instant forgetBefore, @Param("now") Instant now);

}
