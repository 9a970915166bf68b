package io.turnstile.auth.token;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RotatedRefreshTokenEntityRepository extends JpaRepository<RotatedRefreshTokenEntity, String> {

	@Modifying
	@Query("delete from RotatedRefreshTokenEntity r where r.expiresAt < :now")
	int deleteExpired(Instant now);

}
