package io.turnstile.entitlements.management;

import java.time.Clock;

import javax.sql.DataSource;

import io.turnstile.entitlements.ChangeFeed;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.policy.TierCatalog;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires {@link EntitlementsManagement}; imported by {@code EntitlementsConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class ManagementConfiguration {

	@Bean
	Entitlements entitlements(EntitlementAccountEntityRepository accounts, PayPerViewEventEntityRepository events,
			PayPerViewGrantEntityRepository grants, PayPerViewPurchaseEntityRepository purchases,
			EntitlementChangeEntityRepository changes, TierCatalog catalog, ChangeFeed feed,
			ApplicationEventPublisher publisher, DataSource dataSource) {
		AccountChanges accountChanges = new AccountChanges(accounts, changes, feed, publisher, Clock.systemUTC());
		return new EntitlementsManagement(accounts, events, grants, changes, catalog, accountChanges,
				new PayPerViewPurchases(purchases, grants, events, accountChanges), new JdbcTemplate(dataSource));
	}

}
