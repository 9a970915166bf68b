package io.turnstile.policy;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The crypto ceiling of the token endpoint: RS256 signing and verification with Nimbus over a 2048-bit key,
 * of a realistic access token (the header and claims a person's token carries), per JCA provider. Not a test;
 * run it with the {@code jmh} profile (docs/benchmarks.md):
 * {@code ./mvnw -q -pl entitlements/policy -Pjmh test-compile exec:exec -Djmh.args="SigningBenchmark -f 1"}.
 * <p>
 * {@code SunRsaSign} is the JDK's provider. {@code ACCP} is Amazon Corretto Crypto Provider, on the class path
 * only in the {@code jmh} profile and loaded by name; where its native library cannot load, its runs fail
 * at set-up with the reason ("ACCP skipped: …") and report no figure. Each provider gets its own key objects
 * (translated once by its {@code KeyFactory}), as a server that registers it would hold them.
 * <p>
 * JMH needs the benchmark class and its state public.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class SigningBenchmark {

	static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

	@Param({ "SunRsaSign", "ACCP" })
	public String provider;

	private RSASSASigner signer;

	private RSASSAVerifier verifier;

	private JWSHeader header;

	private byte[] signingInput;

	private Base64URL signature;

	@Setup
	public void setUp() throws Exception {
		Provider jca = provider(this.provider);
		RSAKey key = TestTokens.rsaKey("issuer-2026-01");
		KeyFactory keys = KeyFactory.getInstance("RSA", jca);
		PrivateKey privateKey = (PrivateKey) keys.translateKey(key.toPrivateKey());
		RSAPublicKey publicKey = (RSAPublicKey) keys.translateKey(key.toPublicKey());
		this.signer = new RSASSASigner(privateKey);
		this.signer.getJCAContext().setProvider(jca);
		this.verifier = new RSASSAVerifier(publicKey);
		this.verifier.getJCAContext().setProvider(jca);
		SignedJWT token = new SignedJWT(TestTokens.header(key).build(), TestTokens.premiumClaims().build());
		this.header = token.getHeader();
		this.signingInput = token.getSigningInput();
		this.signature = this.signer.sign(this.header, this.signingInput);
		if (!this.verifier.verify(this.header, this.signingInput, this.signature)) {
			throw new IllegalStateException(this.provider + ": the benchmarked signature should verify");
		}
	}

	/** The provider by its benchmark name; ACCP only if its native library loaded and passes its self-test. */
	static Provider provider(String name) {
		if (!"ACCP".equals(name)) {
			Provider jdk = Security.getProvider(name);
			if (jdk == null) {
				throw new IllegalStateException("no JCA provider " + name);
			}
			return jdk;
		}
		try {
			Provider accp = (Provider) Class.forName(ACCP_CLASS).getField("INSTANCE").get(null);
			Throwable loadingError = (Throwable) accp.getClass().getMethod("getLoadingError").invoke(accp);
			if (loadingError != null) {
				throw new IllegalStateException("ACCP skipped: its native library did not load: " + loadingError);
			}
			accp.getClass().getMethod("assertHealthy").invoke(accp);
			return accp;
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			throw new IllegalStateException("ACCP skipped: not available here (" + ex + ")", ex);
		}
	}

	/** RS256 signature over the signing input of a person's access token: what the token endpoint pays per token. */
	@Benchmark
	public Base64URL sign() throws JOSEException {
		return this.signer.sign(this.header, this.signingInput);
	}

	/** RS256 verification of the same signature: what introspection and content services pay per token. */
	@Benchmark
	public boolean verify() throws JOSEException {
		return this.verifier.verify(this.header, this.signingInput, this.signature);
	}

}
