package io.turnstile.auth.entitlement;

import java.util.Objects;

import com.nimbusds.jose.jwk.JWKSet;
import io.turnstile.auth.config.Issuer;
import io.turnstile.auth.keys.SigningKeys;
import io.turnstile.policy.TokenVerifier;

/**
 * The policy library's {@link TokenVerifier} over the server's own published keys (no HTTP round trip),
 * rebuilt when the key set or the issuer changes.
 */
final class VerifierCache {

	private final SigningKeys signingKeys;

	private final Issuer issuer;

	private volatile Entry entry;

	VerifierCache(SigningKeys signingKeys, Issuer issuer) {
		this.signingKeys = Objects.requireNonNull(signingKeys, "signingKeys cannot be null");
		this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
		this.entry = new Entry(new JWKSet(), "", null);
	}

	TokenVerifier current() {
		JWKSet keys = this.signingKeys.publishedKeys();
		String issuer = this.issuer.current();
		Entry cached = this.entry;
		if (cached.keys == keys && cached.issuer.equals(issuer) && cached.verifier != null) {
			return cached.verifier;
		}
		TokenVerifier verifier = TokenVerifier.builder()
			.issuer(issuer)
			.audience(this.issuer.audience())
			.jwkSet(keys)
			.build();
		this.entry = new Entry(keys, issuer, verifier);
		return verifier;
	}

	private record Entry(JWKSet keys, String issuer, TokenVerifier verifier) {
	}

}
