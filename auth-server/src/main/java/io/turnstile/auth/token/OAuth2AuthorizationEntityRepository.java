package io.turnstile.auth.token;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface OAuth2AuthorizationEntityRepository extends JpaRepository<OAuth2AuthorizationEntity, String> {

	@Modifying
	@Query("delete from OAuth2AuthorizationEntity a where a.expiresAt < :now")
	int deleteExpired(Instant now);

}
