package io.turnstile.auth.keys;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyEntityRepository extends JpaRepository<SigningKeyEntity, String> {

	List<SigningKeyEntity> findByStateOrderByCreatedAtDesc(String state);

	@Query("select k from SigningKeyEntity k where k.state in ('ACTIVE', 'NEXT') or k.removeAfter > :now order by k.createdAt desc")
	List<SigningKeyEntity> findPublishable(Instant now);

	@Modifying
	@Query("delete from SigningKeyEntity k where k.state = 'RETIRED' and k.removeAfter < :now")
	int deleteRemovable(Instant now);

}
