package io.turnstile.auth.audit;

import io.turnstile.entitlements.EntitlementChange;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.EntitlementsChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Records every change to a person's entitlements as {@code entitlements.<action>} ({@code comp-tier},
 * {@code end-comp}, {@code grant-ppv}, {@code revoke-ppv}, …), in the transaction that makes it, with the
 * actor the change was recorded under (an operator, a client, {@code billing}) and the new version.
 */
@Component
class EntitlementsAudit {

	static final String PREFIX = "entitlements.";

	private final AuditLog audit;

	private final Entitlements entitlements;

	EntitlementsAudit(AuditLog audit, Entitlements entitlements) {
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(entitlements, "entitlements cannot be null");
		this.audit = audit;
		this.entitlements = entitlements;
	}

	@EventListener
	void changed(EntitlementsChanged event) {
		String actor = this.entitlements.history(event.userId())
			.stream()
			.filter((change) -> change.ver() == event.ver())
			.map(EntitlementChange::actor)
			.findFirst()
			.orElse(AuditLog.SYSTEM);
		this.audit.record(AuditLog.entry(PREFIX + event.action())
			.actor(actor)
			.subject(event.userId().value())
			.detail("ver " + event.ver() + (event.rightsReduced() ? "; rights reduced" : "")));
	}

}
