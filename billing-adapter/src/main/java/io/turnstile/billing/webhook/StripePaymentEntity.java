package io.turnstile.billing.webhook;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** What happened to a payment after it was made (refunds, a dispute), keyed by payment_intent. */
@Entity
@Table(name = "billing_payment")
class StripePaymentEntity {

	@Id
	String paymentIntent = "";

	@Nullable String userId;

	@Nullable String chargeId;

	boolean refunded;

	long amountRefunded;

	@Nullable String disputeId;

	@Nullable String disputeStatus;

	@Nullable Instant disputeCreated;

	Instant updatedAt = Instant.EPOCH;

}
