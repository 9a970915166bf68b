package io.turnstile.entitlements.management;

import java.time.Instant;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.PayPerViewGrant;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "ppv_grant")
class PayPerViewGrantEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@Nullable Long id;

	String userId = "";

	String eventId = "";

	Instant notBefore = Instant.EPOCH;

	Instant expiresAt = Instant.EPOCH;

	String state = "";

	String source = "";

	@Nullable String reason;

	@Nullable String revokedReason;

	Instant createdAt = Instant.EPOCH;

	Instant updatedAt = Instant.EPOCH;

	PayPerViewGrant toDomain() {
		return new PayPerViewGrant((this.id != null) ? this.id : 0, new AccountId(this.userId), this.eventId,
				this.notBefore, this.expiresAt, PayPerViewGrant.State.valueOf(this.state), this.source,
				this.revokedReason);
	}

	String describe() {
		return "ppv " + this.eventId + " " + this.state + " [" + this.notBefore + ", " + this.expiresAt + ")";
	}

}
