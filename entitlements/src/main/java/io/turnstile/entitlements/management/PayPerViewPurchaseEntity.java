package io.turnstile.entitlements.management;

import java.time.Instant;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.PayPerViewPurchase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "ppv_purchase")
class PayPerViewPurchaseEntity {

	@Id
	String paymentId = "";

	String userId = "";

	String eventId = "";

	long grantId;

	String state = "";

	@Nullable String reference;

	Instant createdAt = Instant.EPOCH;

	Instant updatedAt = Instant.EPOCH;

	PayPerViewGrant.State state() {
		return PayPerViewGrant.State.valueOf(this.state);
	}

	PayPerViewPurchase toDomain(PayPerViewGrant.State passState) {
		return new PayPerViewPurchase(this.paymentId, new AccountId(this.userId), this.eventId, this.grantId, state(),
				passState, this.reference, this.createdAt);
	}

}
