package io.turnstile.auth.token;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RevokedAccessTokenEntityRepository extends JpaRepository<RevokedAccessTokenEntity, String> {

	@Modifying
	@Query("delete from RevokedAccessTokenEntity r where r.expiresAt < :now")
	int deleteExpired(Instant now);

}
