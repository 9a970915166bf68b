package io.turnstile.billing.prices;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "billing_price_tier")
class PriceTierEntity {

	@Id
	String priceKey = "";

	String tier = "";

	String updatedBy = "";

	Instant updatedAt = Instant.EPOCH;

}
