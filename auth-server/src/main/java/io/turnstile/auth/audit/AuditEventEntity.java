package io.turnstile.auth.audit;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** One row of the audit log. */
@Entity
@Table(name = "audit_event")
class AuditEventEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@Nullable Long id;

	Instant at = Instant.EPOCH;

	String actor = "";

	String action = "";

	@Nullable String subject;

	@Nullable String clientId;

	@Nullable String remoteAddress;

	String outcome = "";

	@Nullable String detail;

	AuditEvent toDomain() {
		AuditEvent.Outcome result = AuditEvent.Outcome.valueOf(this.outcome.toUpperCase(Locale.ROOT));
		return new AuditEvent((this.id != null) ? this.id : 0, this.at, this.actor, this.action, this.subject,
				this.clientId, this.remoteAddress, result, this.detail);
	}

}
