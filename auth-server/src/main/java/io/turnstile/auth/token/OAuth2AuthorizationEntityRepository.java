package io.turnstile.auth.token;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface OAuth2AuthorizationEntityRepository extends JpaRepository<OAuth2AuthorizationEntity, String> {

	Optional<OAuth2AuthorizationEntity> findByStateHash(String hash);

	Optional<OAuth2AuthorizationEntity> findByCodeHash(String hash);

	Optional<OAuth2AuthorizationEntity> findByAccessTokenHash(String hash);

	Optional<OAuth2AuthorizationEntity> findByIdTokenHash(String hash);

	Optional<OAuth2AuthorizationEntity> findByRefreshTokenHash(String hash);

	Optional<OAuth2AuthorizationEntity> findByUserCodeHash(String hash);

	Optional<OAuth2AuthorizationEntity> findByDeviceCodeHash(String hash);

	@Modifying
	@Query("delete from OAuth2AuthorizationEntity a where a.expiresAt < :now")
	int deleteExpired(Instant now);

}
