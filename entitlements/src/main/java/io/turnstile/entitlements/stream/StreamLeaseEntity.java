package io.turnstile.entitlements.stream;

import java.time.Instant;
import java.util.UUID;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.StreamLease;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "stream_lease")
class StreamLeaseEntity {

	@Id
	UUID id = new UUID(0, 0);

	String userId = "";

	String contentId = "";

	String deviceId = "";

	Instant startedAt = Instant.EPOCH;

	Instant expiresAt = Instant.EPOCH;

	static StreamLeaseEntity start(AccountId userId, String contentId, String deviceId, Instant now, Instant expiresAt) {
		StreamLeaseEntity lease = new StreamLeaseEntity();
		lease.id = UUID.randomUUID();
		lease.userId = userId.value();
		lease.contentId = contentId;
		lease.deviceId = deviceId;
		lease.startedAt = now;
		lease.expiresAt = expiresAt;
		return lease;
	}

	StreamLease toDomain() {
		return new StreamLease(this.id, new AccountId(this.userId), this.contentId, this.deviceId, this.startedAt,
				this.expiresAt);
	}

}
