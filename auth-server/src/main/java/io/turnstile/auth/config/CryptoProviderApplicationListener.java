package io.turnstile.auth.config;

import java.security.Provider;
import java.security.Security;
import java.util.Locale;

import io.turnstile.policy.CryptoProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Chooses the JCA provider once the environment is known (logging is set up by then) and before the
 * application context starts, so every signature, digest, cipher and random number of the server comes from
 * it from the first: Nimbus's RS256 signer and verifier, the key generator, AES-GCM of stored keys.
 * {@code turnstile.crypto.provider}: {@code auto} (the default) installs the Amazon Corretto Crypto Provider
 * when its native library loads and keeps the JDK's providers otherwise; {@code jdk} keeps the JDK's. One
 * line says which provider signs. Registered in {@code META-INF/spring.factories}.
 */
class CryptoProviderApplicationListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	static final String PROPERTY = "turnstile.crypto.provider";

	private static final Log logger = LogFactory.getLog(CryptoProviderApplicationListener.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		choose(event.getEnvironment().getProperty(PROPERTY, "auto"));
	}

	/**
	 * @param setting {@code auto} or {@code jdk}
	 * @return the provider that makes RS256 signatures now
	 * @throws IllegalArgumentException for any other setting
	 */
	static Provider choose(String setting) {
		return switch (setting.trim().toLowerCase(Locale.ROOT)) {
			case "auto" -> CryptoProviders.installFastest();
			case "jdk" -> {
				// Another application context of this JVM (tests) may have installed it.
				Security.removeProvider(CryptoProviders.ACCP);
				Provider signer = CryptoProviders.signer();
				logger.info("RS256 signatures by " + signer.getName() + " (" + PROPERTY + "=jdk)");
				yield signer;
			}
			default -> throw new IllegalArgumentException(
					PROPERTY + " (TURNSTILE_CRYPTO_PROVIDER) must be auto or jdk, not '" + setting + "'");
		};
	}

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

}
