package io.turnstile.auth.device;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "device_code_poll")
class DeviceCodePollEntity {

	@Id
	String deviceCodeHash = "";

	Instant lastPollAt = Instant.EPOCH;

	int intervalSeconds;

	Instant expiresAt = Instant.EPOCH;

}
