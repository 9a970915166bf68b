package io.turnstile.entitlements.stream;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The row a person's starts lock, one after the other. */
@Entity
@Table(name = "stream_lease_lock")
class StreamLeaseLockEntity {

	@Id
	String userId = "";

	Instant createdAt = Instant.EPOCH;

}
