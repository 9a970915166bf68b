package io.turnstile.policy;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

	private static final int MAX_REMEMBERED = 32;

	private volatile Map<JWK, PublicKey> remembered = Map.of();

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
		Map<JWK, PublicKey> known = this.remembered;
		PublicKey key = known.get(jwk);
		if (key != null || !(jwk instanceof AsymmetricJWK asymmetric)) {
			return key;
		}
		try {
			key = asymmetric.toPublicKey();
		}
		catch (JOSEException ex) {
			return null;
		}
		Map<JWK, PublicKey> more = (known.size() < MAX_REMEMBERED) ? new HashMap<>(known) : new HashMap<>();
		more.put(jwk, key);
		this.remembered = Map.copyOf(more);
		return key;
	}

}
