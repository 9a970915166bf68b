package io.turnstile.entitlements.management;

import java.time.Instant;

import io.turnstile.entitlements.BillingSubscription;
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

	@Nullable String subId;

	@Nullable String subStatus;

	@Nullable String subTier;

	boolean subGrants;

	@Nullable Instant subPeriodEnd;

	boolean subCancelAtPeriodEnd;

	String describe() {
		return (this.compTier == null) ? "no comp"
				: "comp " + this.compTier + ((this.compUntil != null) ? " until " + this.compUntil : "");
	}

	@Nullable BillingSubscription subscription() {
		if (this.subId == null || this.subStatus == null) {
			return null;
		}
		return new BillingSubscription(this.subId, this.subStatus, this.subTier, this.subGrants, this.subPeriodEnd,
				this.subCancelAtPeriodEnd);
	}

	void subscription(BillingSubscription subscription) {
		this.subId = subscription.id();
		this.subStatus = subscription.status();
		this.subTier = subscription.tier();
		this.subGrants = subscription.grantsAccess();
		this.subPeriodEnd = subscription.currentPeriodEnd();
		this.subCancelAtPeriodEnd = subscription.cancelAtPeriodEnd();
	}

	static String describe(@Nullable BillingSubscription subscription) {
		if (subscription == null) {
			return "no subscription";
		}
		return "subscription " + subscription.id() + " " + subscription.status() + " tier "
				+ subscription.tier() + (subscription.grantsAccess() ? " (grants access)" : " (no access)")
				+ ((subscription.currentPeriodEnd() != null) ? " period end " + subscription.currentPeriodEnd() : "")
				+ (subscription.cancelAtPeriodEnd() ? " cancels at period end" : "");
	}

}
