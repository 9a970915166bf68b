package io.turnstile.billing.reconcile;

import java.time.Clock;

import io.turnstile.billing.ParkedEvents;
import io.turnstile.billing.Reconciliation;
import io.turnstile.billing.ledger.LedgerBook;
import io.turnstile.entitlements.Entitlements;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link FinanceReconciliation}; imported by {@code BillingConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class ReconcileConfiguration {

	@Bean
	Reconciliation reconciliation(LedgerBook ledger, Entitlements entitlements, ParkedEvents events) {
		return new FinanceReconciliation(ledger, entitlements, events, Clock.systemUTC());
	}

}
