package io.turnstile.billing.ledger;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link LedgerBook}; imported by {@code BillingConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {

	@Bean
	LedgerBook ledgerBook(LedgerEntryEntityRepository entries) {
		return new LedgerBook(entries, Clock.systemUTC());
	}

}
