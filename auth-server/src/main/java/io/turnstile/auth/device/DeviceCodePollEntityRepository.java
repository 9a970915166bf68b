package io.turnstile.auth.device;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface DeviceCodePollEntityRepository extends JpaRepository<DeviceCodePollEntity, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from DeviceCodePollEntity p where p.deviceCodeHash = :hash")
	Optional<DeviceCodePollEntity> findForUpdate(String hash);

	@Modifying
	@Query("delete from DeviceCodePollEntity p where p.expiresAt < :now")
	int deleteExpired(Instant now);

}
