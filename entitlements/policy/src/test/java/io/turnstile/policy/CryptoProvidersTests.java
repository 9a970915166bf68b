package io.turnstile.policy;

import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CryptoProvidersTests {

	static final Provider JDK_RSA = Security.getProvider("SunRsaSign");

	/** Held here: the logging framework keeps loggers only weakly. */
	final Logger log = Logger.getLogger(CryptoProviders.class.getName());

	final List<LogRecord> logged = new ArrayList<>();

	final Handler capture = new Handler() {

		@Override
		public void publish(LogRecord record) {
			CryptoProvidersTests.this.logged.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	boolean accpWasInstalled;

	@BeforeEach
	void captureLogAndRememberProviders() {
		this.log.addHandler(this.capture);
		this.accpWasInstalled = Security.getProvider(CryptoProviders.ACCP) != null;
	}

	@AfterEach
	void restoreProviders() {
		this.log.removeHandler(this.capture);
		if (!this.accpWasInstalled) {
			Security.removeProvider(CryptoProviders.ACCP);
		}
		else if (Security.getProvider(CryptoProviders.ACCP) == null) {
			Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1);
		}
	}

	@Test
	void rs256SignaturesMadeByAccpVerifyWithTheJdkProviderAndTheOtherWayRound() throws Exception {
		Provider accp = accp();
		RSAKey key = TestTokens.rsaKey("interop");

		SignedJWT byAccp = sign(key, accp);
		SignedJWT byJdk = sign(key, JDK_RSA);

		assertThat(verify(byAccp, key, JDK_RSA)).isTrue();
		assertThat(verify(byJdk, key, accp)).isTrue();
		// RSASSA-PKCS1-v1_5 is deterministic: both providers produce the same bytes.
		assertThat(byAccp.getSignature()).isEqualTo(byJdk.getSignature());
		assertThat(verify(sign(TestTokens.rsaKey("other"), accp), key, JDK_RSA)).isFalse();
	}

	@Test
	void installFastestMakesAccpTheMostPreferredProviderOnce() {
		Provider accp = accp();
		Security.removeProvider(CryptoProviders.ACCP);
		int providers = Security.getProviders().length;

		Provider first = CryptoProviders.installFastest();
		Provider second = CryptoProviders.installFastest();

		assertThat(first).isSameAs(accp);
		assertThat(second).isSameAs(accp);
		assertThat(Security.getProviders()[0]).isSameAs(accp);
		assertThat(Security.getProviders()).hasSize(providers + 1);
		assertThat(CryptoProviders.signer()).isSameAs(accp);
		assertThat(messages(Level.INFO)).anySatisfy((line) -> assertThat(line).startsWith("RS256 signatures by "
				+ CryptoProviders.ACCP + " " + accp.getVersionStr()));
	}

	@Test
	void accpWhoseNativeLibraryDoesNotLoadIsLoggedWithTheReasonAndTheJdkProviderStays() {
		Security.removeProvider(CryptoProviders.ACCP);
		Provider[] before = Security.getProviders();

		Provider signer = CryptoProviders.installFastest(() -> {
			throw new IllegalStateException("its native library did not load",
					new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path"));
		});

		assertThat(signer).isSameAs(JDK_RSA);
		assertThat(Security.getProviders()).containsExactly(before);
		assertThat(messages(Level.WARNING)).containsExactly("Amazon Corretto Crypto Provider not used "
				+ "(no amazonCorrettoCryptoProvider in java.library.path): RS256 signatures by SunRsaSign");
	}

	@Test
	void accpMissingFromTheClassPathIsLoggedAndTheJdkProviderStays() {
		Security.removeProvider(CryptoProviders.ACCP);
		Provider[] before = Security.getProviders();

		Provider signer = CryptoProviders.installFastest(() -> {
			throw new NoClassDefFoundError("com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider");
		});

		assertThat(signer).isSameAs(JDK_RSA);
		assertThat(Security.getProviders()).containsExactly(before);
		assertThat(messages(Level.INFO))
			.containsExactly("Amazon Corretto Crypto Provider is not on the class path: RS256 signatures by SunRsaSign");
	}

	/** ACCP's provider, or the test is skipped where its native library does not load. */
	private static Provider accp() {
		AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
		assumeTrue(accp.getLoadingError() == null,
				() -> "ACCP does not load on this platform: " + accp.getLoadingError());
		return accp;
	}

	private static SignedJWT sign(RSAKey key, Provider provider) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
			.keyID(key.getKeyID())
			.build(), TestTokens.premiumClaims().build());
		RSASSASigner signer = new RSASSASigner(key);
		signer.getJCAContext().setProvider(provider);
		jwt.sign(signer);
		return SignedJWT.parse(jwt.serialize());
	}

	private static boolean verify(SignedJWT jwt, RSAKey key, Provider provider) throws Exception {
		RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
		verifier.getJCAContext().setProvider(provider);
		return jwt.verify(verifier);
	}

	private List<String> messages(Level level) {
		SimpleFormatter formatter = new SimpleFormatter();
		return this.logged.stream().filter((record) -> record.getLevel() == level).map(formatter::formatMessage).toList();
	}

}
