package io.turnstile.entitlements.management;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "entitlement_account")
class EntitlementAccountEntity {

	@Id
	String userId = "";

	long ver;

	long minVer;

	@Nullable String compTier;

	@Nullable Instant compUntil;

	@Nullable String compReason;

	Instant updatedAt = Instant.EPOCH;

	String describe() {
		return (this.compTier == null) ? "no comp"
				: "comp " + this.compTier + ((this.compUntil != null) ? " until " + this.compUntil : "");
	}

}
