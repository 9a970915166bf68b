package io.turnstile.entitlements.management;

import java.time.Duration;
import java.time.Instant;

import io.turnstile.entitlements.PayPerViewEvent;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "ppv_event")
class PayPerViewEventEntity {

	@Id
	String id = "";

	String title = "";

	Instant startsAt = Instant.EPOCH;

	Instant endsAt = Instant.EPOCH;

	long opensBeforeSeconds;

	long replayAfterSeconds;

	Instant updatedAt = Instant.EPOCH;

	PayPerViewEvent toDomain() {
		return new PayPerViewEvent(this.id, this.title, this.startsAt, this.endsAt,
				Duration.ofSeconds(this.opensBeforeSeconds), Duration.ofSeconds(this.replayAfterSeconds));
	}

	void from(PayPerViewEvent event, Instant now) {
		this.id = event.id();
		this.title = event.title();
		this.startsAt = event.startsAt();
		this.endsAt = event.endsAt();
		this.opensBeforeSeconds = event.opensBefore().toSeconds();
		this.replayAfterSeconds = event.replayAfter().toSeconds();
		this.updatedAt = now;
	}

}
