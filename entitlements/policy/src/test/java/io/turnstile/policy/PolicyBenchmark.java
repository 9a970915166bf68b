package io.turnstile.policy;

import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * How fast a content service decides. Not a test (Surefire skips it); run it with the {@code jmh} profile:
 * {@code ./mvnw -q -pl entitlements/policy -Pjmh test-compile exec:exec} (see docs/benchmarks.md).
 * <p>
 * JMH needs the benchmark class and its state public.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class PolicyBenchmark {

	private AccessPolicy policy;

	private EntitlementClaims claims;

	private ContentRequirement content;

	private Context context;

	private TokenVerifier verifier;

	private String token;

	private RSASSAVerifier signatureVerifier;

	private JWSHeader header;

	private byte[] signingInput;

	private Base64URL signature;

	@Setup
	public void setUp() throws JOSEException, ParseException {
		RSAKey key = TestTokens.rsaKey("issuer-2026-01");
		this.token = TestTokens.sign(key, TestTokens.premiumClaims().build());
		this.verifier = TokenVerifier.builder()
				.issuer(TestTokens.ISSUER)
				.audience(TestTokens.AUDIENCE)
				.jwkSet(new JWKSet(key.toPublicJWK()))
				.clock(Clock.fixed(TestTokens.NOW, ZoneOffset.UTC))
				.build();
		this.policy = AccessPolicy.standard(TierCatalog.standard());
		this.claims = ((TokenVerifier.Verified) this.verifier.verify(this.token)).claims();
		this.content = ContentRequirement.of("fight-night")
				.requiringTier("standard")
				.inQuality("uhd")
				.payPerView("fight-night-2026-12");
		this.context = Context.at(TestTokens.NOW).onDevice(TestClaims.DEVICE);
		if (!this.policy.decide(this.claims, this.content, this.context).permitted()) {
			throw new IllegalStateException("the benchmarked decision should be a permit");
		}
		SignedJWT parsed = SignedJWT.parse(this.token);
		this.header = parsed.getHeader();
		this.signingInput = parsed.getSigningInput();
		this.signature = parsed.getSignature();
		this.signatureVerifier = new RSASSAVerifier(key.toRSAPublicKey());
		if (!this.signatureVerifier.verify(this.header, this.signingInput, this.signature)) {
			throw new IllegalStateException("the benchmarked signature should verify");
		}
	}

	/** (a) The policy alone, on claims already verified. */
	@Benchmark
	public Decision decide() {
		return this.policy.decide(this.claims, this.content, this.context);
	}

	/** (b) What a content service does per request: verify the RS256 token, then decide. */
	@Benchmark
	public Decision verifyAndDecide() {
		return this.verifier.decide(this.token, this.policy, this.content, this.context);
	}

	/** (c) The floor: the bare RS256 signature check of the same token with Nimbus, nothing parsed. */
	@Benchmark
	public boolean bareSignatureVerification() throws JOSEException {
		return this.signatureVerifier.verify(this.header, this.signingInput, this.signature);
	}

}
