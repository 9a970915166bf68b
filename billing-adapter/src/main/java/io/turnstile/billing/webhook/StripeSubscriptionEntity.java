package io.turnstile.billing.webhook;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** The last snapshot of a subscription that was applied, and the {@code created} of its event. */
@Entity
@Table(name = "billing_subscription")
class StripeSubscriptionEntity {

	@Id
	String id = "";

	String userId = "";

	@Nullable String customerId;

	String status = "";

	@Nullable String priceId;

	@Nullable String tier;

	@Nullable Instant periodStart;

	@Nullable Instant periodEnd;

	boolean cancelAtPeriodEnd;

	Instant startedAt = Instant.EPOCH;

	Instant eventCreated = Instant.EPOCH;

	@Nullable Instant pastDueSince;

	Instant updatedAt = Instant.EPOCH;

}
