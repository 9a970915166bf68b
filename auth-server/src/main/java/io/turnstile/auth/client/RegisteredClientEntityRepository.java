package io.turnstile.auth.client;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface RegisteredClientEntityRepository extends JpaRepository<RegisteredClientEntity, String> {

	Optional<RegisteredClientEntity> findByClientId(String clientId);

	List<RegisteredClientEntity> findAllByOrderByClientIdAsc();

}
