package io.turnstile.auth.keys;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

import io.turnstile.auth.config.AuthProperties;

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
		SigningKeys signingKeys = new SigningKeys(keys, new PrivateKeyCipher(properties.keys().encryptionKey()),
				transactions, properties.keys().rotationPeriod(), longestToken.plus(SKEW), Clock.systemUTC());
		signingKeys.sealPlainKeys();
		signingKeys.rotateIfDue();
		return signingKeys;
	}

	@Bean
	SigningKeyRotation signingKeyRotation(SigningKeys signingKeys) {
		return new SigningKeyRotation(signingKeys);
	}

	static final class SigningKeyRotation {

		private final SigningKeys signingKeys;

		SigningKeyRotation(SigningKeys signingKeys) {
			this.signingKeys = signingKeys;
		}

		@Scheduled(initialDelayString = "${turnstile.keys.check-interval:10m}",
				fixedDelayString = "${turnstile.keys.check-interval:10m}")
		void rotate() {
			this.signingKeys.rotateIfDue();
		}

	}

}
