package io.turnstile.entitlements.management;

import java.time.Instant;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.EntitlementChange;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "entitlement_change")
class EntitlementChangeEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@Nullable Long id;

	@Nullable String userId;

	@Nullable Long ver;

	String actor = "";

	String action = "";

	@Nullable String reason;

	@Column(name = "before_state")
	@Nullable String before;

	@Column(name = "after_state")
	@Nullable String after;

	Instant changedAt = Instant.EPOCH;

	EntitlementChange toDomain() {
		return new EntitlementChange((this.id != null) ? this.id : 0,
				(this.userId != null) ? new AccountId(this.userId) : null, (this.ver != null) ? this.ver : 0,
				this.actor, this.action, this.reason, this.before, this.after, this.changedAt);
	}

}
