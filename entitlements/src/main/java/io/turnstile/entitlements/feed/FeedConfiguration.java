package io.turnstile.entitlements.feed;

import java.time.Clock;
import java.time.Duration;

import io.turnstile.entitlements.ChangeFeed;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the change feed; imported by {@code EntitlementsConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class FeedConfiguration {

	@Bean
	ChangeFeed changeFeed(FeedEntryEntityRepository entries,
			@Value("${turnstile.feed.retention:7d}") Duration retention) {
		return new JpaChangeFeed(entries, retention, Clock.systemUTC());
	}

}
