package io.turnstile.auth.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface PersonEntityRepository extends JpaRepository<PersonEntity, String> {

	Optional<PersonEntity> findByEmailNormalized(String emailNormalized);

	boolean existsByEmailNormalized(String emailNormalized);

}
