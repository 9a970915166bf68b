package io.turnstile.policy;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

/**
 * Nimbus's {@link JWSVerificationKeySelector} (allowed algorithms, keys matched by the header's {@code kid},
 * {@code alg} and use), except that it hands out public keys only (never a secret key) and remembers each
 * JWK's Java key: Nimbus converts the JWK again for every token, which costs as much as the signature
 * check itself.
 */
final class VerificationKeySelector extends JWSVerificationKeySelector<SecurityContext> {

	private static final int MAX_REMEMBERED = 16;

	private volatile Remembered remembered = Remembered.NONE;

	VerificationKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
		super(algorithms, source);
	}

	@Override
	public List<Key> selectJWSKeys(JWSHeader header, @Nullable SecurityContext context) throws KeySourceException {
		if (!isAllowed(header.getAlgorithm())) {
			return List.of();
		}
		JWKMatcher matcher = createJWKMatcher(header);
		if (matcher == null) {
			return List.of();
		}
		@SuppressWarnings("unchecked")
		List<JWK> matches = getJWKSource().get(new JWKSelector(matcher), context);
		List<Key> keys = new ArrayList<>(matches.size());
		for (int i = 0; i < matches.size(); i++) {
			PublicKey key = publicKey(matches.get(i));
			if (key != null) {
				keys.add(key);
			}
		}
		return keys;
	}

	private @Nullable PublicKey publicKey(JWK jwk) {
		Remembered known = this.remembered;
		for (int i = 0; i < known.jwks.length; i++) {
			if (known.jwks[i] == jwk) {
				return known.keys[i];
			}
		}
		if (!(jwk instanceof AsymmetricJWK asymmetric)) {
			return null;
		}
		try {
			PublicKey key = asymmetric.toPublicKey();
			this.remembered = known.with(jwk, key);
			return key;
		}
		catch (JOSEException ex) {
			return null;
		}
	}

	/**
	 * The keys of the JWKs last seen, by identity: the key source hands out the same JWK instances until it
	 * fetches new ones. Copied on write; losing an entry to a race only costs a conversion.
	 */
	private static final class Remembered {

		static final Remembered NONE = new Remembered(new JWK[0], new PublicKey[0]);

		final JWK[] jwks;

		final PublicKey[] keys;

		private Remembered(JWK[] jwks, PublicKey[] keys) {
			this.jwks = jwks;
			this.keys = keys;
		}

		Remembered with(JWK jwk, PublicKey key) {
			int keep = Math.min(this.jwks.length, MAX_REMEMBERED - 1);
			JWK[] jwks = new JWK[keep + 1];
			PublicKey[] keys = new PublicKey[keep + 1];
			System.arraycopy(this.jwks, this.jwks.length - keep, jwks, 0, keep);
			System.arraycopy(this.keys, this.keys.length - keep, keys, 0, keep);
			jwks[keep] = jwk;
			keys[keep] = key;
			return new Remembered(jwks, keys);
		}

	}

}
