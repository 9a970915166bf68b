package io.turnstile.billing.ledger;

import java.time.Instant;

import io.turnstile.billing.LedgerEntry;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "billing_ledger_entry")
class LedgerEntryEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@Nullable Long id;

	String factKey = "";

	String eventId = "";

	Instant occurredAt = Instant.EPOCH;

	String kind = "";

	String objectId = "";

	@Nullable String userId;

	@Nullable String customerId;

	@Nullable String subscriptionId;

	@Nullable String priceId;

	@Nullable String tier;

	long amountMinor;

	@Nullable String currency;

	@Nullable Instant periodStart;

	@Nullable Instant periodEnd;

	@Nullable String status;

	String effect = "";

	@Nullable String paymentIntent;

	Instant recordedAt = Instant.EPOCH;

	static LedgerEntryEntity from(LedgerEntry entry, String factKey, @Nullable String paymentIntent, Instant now) {
		LedgerEntryEntity entity = new LedgerEntryEntity();
		entity.factKey = factKey;
		entity.eventId = entry.eventId();
		entity.occurredAt = entry.occurredAt();
		entity.kind = entry.kind();
		entity.objectId = entry.objectId();
		entity.userId = entry.userId();
		entity.customerId = entry.customerId();
		entity.subscriptionId = entry.subscriptionId();
		entity.priceId = entry.priceId();
		entity.tier = entry.tier();
		entity.amountMinor = entry.amountMinor();
		entity.currency = entry.currency();
		entity.periodStart = entry.periodStart();
		entity.periodEnd = entry.periodEnd();
		entity.status = entry.status();
		entity.effect = entry.effect();
		entity.paymentIntent = paymentIntent;
		entity.recordedAt = now;
		return entity;
	}

	LedgerEntry toDomain() {
		return new LedgerEntry(this.eventId, this.occurredAt, this.kind, this.objectId, this.userId, this.customerId,
				this.subscriptionId, this.priceId, this.tier, this.amountMinor, this.currency, this.periodStart,
				this.periodEnd, this.status, this.effect);
	}

}
