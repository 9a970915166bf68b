package io.turnstile.billing.webhook;

import java.time.Instant;

import io.turnstile.billing.BillingEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

@Entity
@Table(name = "billing_stripe_event")
class StripeEventEntity implements Persistable<String> {

	static final String RECEIVED = "received";

	static final String APPLIED = "applied";

	static final String SUPERSEDED = "superseded";

	static final String PARKED = "parked";

	static final String FAILED = "failed";

	static final String IGNORED = "ignored";

	@Id
	String id = "";

	String type = "";

	Instant created = Instant.EPOCH;

	@Nullable String apiVersion;

	@Column(columnDefinition = "text")
	String payload = "";

	String state = RECEIVED;

	@Nullable String reason;

	@Nullable String userId;

	int attempts;

	@Nullable Instant nextAttemptAt;

	Instant receivedAt = Instant.EPOCH;

	Instant updatedAt = Instant.EPOCH;

	/** Stored events are only ever inserted once: a save of a new one is an insert, never a merge. */
	@Transient
	boolean fresh;

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return this.fresh;
	}

	@PostLoad
	@PostPersist
	void stored() {
		this.fresh = false;
	}

	boolean isDone() {
		return APPLIED.equals(this.state) || SUPERSEDED.equals(this.state) || IGNORED.equals(this.state);
	}

	BillingEvent toDomain() {
		return new BillingEvent(this.id, this.type, this.created, this.apiVersion, this.state, this.reason,
				this.userId, this.attempts, this.nextAttemptAt, this.receivedAt);
	}

}
