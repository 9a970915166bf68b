package io.turnstile.auth.config;

import java.security.Provider;
import java.security.Security;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.turnstile.policy.CryptoProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CryptoProviderApplicationListenerTests {

	/** Puts back the provider this test JVM was configured with, for the tests after this one. */
	@AfterEach
	void restoreTheConfiguredProvider() {
		String configured = System.getenv("TURNSTILE_CRYPTO_PROVIDER");
		CryptoProviderApplicationListener.choose((configured != null) ? configured : "auto");
	}

	@Test
	void autoInstallsAccpAsTheRs256Signer() {
		assumeTrue(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null,
				() -> "ACCP does not load on this platform: " + AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());

		Provider signer = CryptoProviderApplicationListener.choose("auto");

		assertThat(signer.getName()).isEqualTo(CryptoProviders.ACCP);
		assertThat(Security.getProviders()[0].getName()).isEqualTo(CryptoProviders.ACCP);
	}

	@Test
	void jdkTakesAccpOutEvenIfAnotherContextInstalledIt() {
		CryptoProviders.installFastest();

		Provider signer = CryptoProviderApplicationListener.choose(" JDK ");

		assertThat(signer.getName()).isEqualTo("SunRsaSign");
		assertThat(Security.getProvider(CryptoProviders.ACCP)).isNull();
	}

	@Test
	void unknownSettingIsRefusedNamingTheSettingAndTheChoices() {
		assertThatIllegalArgumentException().isThrownBy(() -> CryptoProviderApplicationListener.choose("bouncycastle"))
			.withMessage("turnstile.crypto.provider (TURNSTILE_CRYPTO_PROVIDER) must be auto or jdk, not 'bouncycastle'");
	}

}
