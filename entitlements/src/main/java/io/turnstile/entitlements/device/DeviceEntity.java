package io.turnstile.entitlements.device;

import java.time.Instant;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Device;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "device")
class DeviceEntity {

	@Id
	String id = "";

	String userId = "";

	String clientId = "";

	String name = "";

	String signInMethod = "";

	Instant firstSeen = Instant.EPOCH;

	Instant lastSeen = Instant.EPOCH;

	@Nullable Instant signedOutAt;

	Device toDomain() {
		return new Device(this.id, new AccountId(this.userId), this.clientId, this.name, this.signInMethod,
				this.firstSeen, this.lastSeen, this.signedOutAt);
	}

}
