package io.turnstile.policy;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.concurrent.Callable;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Makes RS256 (and the JVM's other signatures, digests, AES-GCM and random numbers) run on the Amazon
 * Corretto Crypto Provider (ACCP, native AWS-LC) when a service has it: RS256 verification about 1.6–2
 * times and signing about 2–3.5 times as fast as the JDK's own provider. Signatures are the same bytes
 * whichever provider makes or checks them.
 * <p>
 * ACCP is an optional dependency of this library: a service opts in by adding
 * {@code software.amazon.cryptools:AmazonCorrettoCryptoProvider} (classifier {@code linux-x86_64} or
 * {@code linux-aarch_64}) and calling {@link #installFastest()} once at start-up, before it verifies
 * tokens or signs anything (a private key the JDK's key factory made is converted on every signature, which
 * costs most of the signing gain). Without it, or where its native library does not load, the JDK's
 * providers stay and one line says why.
 */
public final class CryptoProviders {

	/** The name ACCP registers under. */
	public static final String ACCP = "AmazonCorrettoCryptoProvider";

	private static final String RS256 = "SHA256withRSA";

	private static final System.Logger logger = System.getLogger(CryptoProviders.class.getName());

	private CryptoProviders() {
	}

	/**
	 * Installs ACCP as the most preferred JCA provider if it is on the class path, its native library
	 * loaded and its self-tests pass; otherwise changes nothing. Logs one line either way. Safe to call more
	 * than once.
	 * @return the provider that now makes RS256 signatures
	 */
	public static Provider installFastest() {
		return installFastest(Accp::load);
	}

	/**
	 * Installs the provider {@code accp} returns; when it throws, logs why and changes nothing.
	 */
	static Provider installFastest(Callable<Provider> accp) {
		Provider provider;
		try {
			provider = accp.call();
		}
		catch (NoClassDefFoundError ex) {
			logger.log(System.Logger.Level.INFO, "Amazon Corretto Crypto Provider is not on the class path: "
					+ "RS256 signatures by {0}", signer().getName());
			return signer();
		}
		catch (Exception | LinkageError ex) {
			logger.log(System.Logger.Level.WARNING, "Amazon Corretto Crypto Provider not used ({0}): "
					+ "RS256 signatures by {1}", reason(ex), signer().getName());
			return signer();
		}
		synchronized (CryptoProviders.class) {
			Provider[] installed = Security.getProviders();
			if (installed.length == 0 || installed[0] != provider) {
				Security.removeProvider(provider.getName());
				Security.insertProviderAt(provider, 1);
			}
		}
		logger.log(System.Logger.Level.INFO, "RS256 signatures by {0} {1}", signer().getName(),
				provider.getVersionStr());
		return signer();
	}

	/** The provider that makes RS256 signatures now. */
	public static Provider signer() {
		try {
			return Signature.getInstance(RS256).getProvider();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every JVM provides " + RS256, ex);
		}
	}

	private static String reason(Throwable ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
	}

	/** Touches ACCP's classes only when called, so this class loads without them. */
	private static final class Accp {

		static Provider load() {
			AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
			Throwable loadingError = accp.getLoadingError();
			if (loadingError != null) {
				throw new IllegalStateException("its native library did not load", loadingError);
			}
			accp.assertHealthy();
			return accp;
		}

	}

}
