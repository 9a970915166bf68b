package io.turnstile.billing.checkout;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "billing_customer")
class StripeCustomerEntity {

	@Id
	String customerId = "";

	String userId = "";

	String source = "";

	Instant createdAt = Instant.EPOCH;

}
