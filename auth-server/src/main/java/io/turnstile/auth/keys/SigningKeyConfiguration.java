package io.turnstile.auth.keys;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.support.TransactionOperations;

import io.turnstile.auth.config.AuthProperties;
import io.turnstile.entitlements.ExclusiveTasks;

/**
 * Wires the persisted signing keys and runs their rotation on a schedule.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	/** Clock skew allowed to verifiers, added to how long a retired key stays published. */
	private static final Duration SKEW = Duration.ofMinutes(5);

	@Bean
	SigningKeys signingKeys(SigningKeyEntityRepository keys, TransactionOperations transactions,
			AuthProperties properties) {
		Duration longestToken = properties.accessTokenTtl().compareTo(properties.idTokenTtl()) > 0
				? properties.accessTokenTtl() : properties.idTokenTtl();
		AuthProperties.Keys settings = properties.keys();
		SigningKeys signingKeys = new SigningKeys(keys, new PrivateKeyCipher(settings.encryptionKey()),
				transactions, settings.rotationPeriod(), longestToken.plus(SKEW), Clock.systemUTC());
		signingKeys.setReloadInterval(settings.reloadInterval());
		signingKeys.setPublishAhead(publishAhead(settings));
		signingKeys.sealPlainKeys();
		signingKeys.rotateIfDue();
		return signingKeys;
	}

	/**
	 * The next key is published two checks before it is due (and at least two reload intervals), so that it
	 * has been in every node's JWKS, and in verifiers' cached copies, well before it signs.
	 */
	static Duration publishAhead(AuthProperties.Keys settings) {
		Duration twoChecks = settings.checkInterval().multipliedBy(2);
		Duration twoReloads = settings.reloadInterval().multipliedBy(2);
		Duration ahead = (twoChecks.compareTo(twoReloads) > 0) ? twoChecks : twoReloads;
		Duration half = settings.rotationPeriod().dividedBy(2);
		return (ahead.compareTo(half) < 0) ? ahead : half;
	}

	/** The JWKS document, served from prepared bytes ahead of every other filter but the request observation. */
	@Bean
	FilterRegistrationBean<JwksFilter> jwksFilterRegistration(SigningKeys signingKeys,
			AuthorizationServerSettings settings) {
		FilterRegistrationBean<JwksFilter> registration = new FilterRegistrationBean<>(
				new JwksFilter(signingKeys, settings.getJwkSetEndpoint()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	SigningKeyRotation signingKeyRotation(SigningKeys signingKeys, ObjectProvider<ExclusiveTasks> exclusive,
			AuthProperties properties) {
		return new SigningKeyRotation(signingKeys, exclusive.getIfAvailable(() -> ExclusiveTasks.LOCAL),
				properties.keys().checkInterval());
	}

	/** The scheduled check, on one node at a time; every node picks the keys up on its own reload. */
	static final class SigningKeyRotation {

		private final SigningKeys signingKeys;

		private final ExclusiveTasks exclusive;

		private final Duration checkInterval;

		SigningKeyRotation(SigningKeys signingKeys, ExclusiveTasks exclusive, Duration checkInterval) {
			this.signingKeys = signingKeys;
			this.exclusive = exclusive;
			this.checkInterval = checkInterval;
		}

		@Scheduled(initialDelayString = "${turnstile.keys.check-interval:10m}",
				fixedDelayString = "${turnstile.keys.check-interval:10m}")
		void rotate() {
			this.exclusive.run("auth-signing-key-rotation", Duration.ofMinutes(5).plus(this.checkInterval),
					this.checkInterval.dividedBy(2), this.signingKeys::rotateIfDue);
		}

	}

}
