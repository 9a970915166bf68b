package io.turnstile.auth.keys;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The signing keys, persisted in {@code signing_key}: one active RS256 key signs; retired keys stay
 * published in the JWKS until every token they signed has expired ({@code remove_after}), then they are
 * deleted. Private keys are encrypted at rest when an encryption key is configured.
 *
 * <p>
 * Two views serve the framework: {@link #published()} (public keys, for the JWKS endpoint and for our
 * own token decoder) and {@link #signing()} (the active private key only, for the JWT encoder). Both
 * read a snapshot that is reloaded from the database at most every {@link #RELOAD} and at once after a
 * local rotation, so every node sees a new key within that time.
 */
public class SigningKeys {

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	static final Duration RELOAD = Duration.ofSeconds(30);

	private final SigningKeyEntityRepository keys;

	private final PrivateKeyCipher cipher;

	private final TransactionOperations transactions;

	private final Duration rotationPeriod;

	private final Duration retention;

	private final Clock clock;

	private volatile Snapshot snapshot = new Snapshot(null, new JWKSet(), Instant.MIN);

	/**
	 * @param rotationPeriod how long a key signs before a new one takes over
	 * @param retention how long a retired key stays published: the longest lifetime of a token it signed
	 */
	SigningKeys(SigningKeyEntityRepository keys, PrivateKeyCipher cipher, TransactionOperations transactions,
			Duration rotationPeriod, Duration retention, Clock clock) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(cipher, "cipher cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.isTrue(!rotationPeriod.isNegative() && !rotationPeriod.isZero(), "rotationPeriod must be positive");
		this.keys = keys;
		this.cipher = cipher;
		this.transactions = transactions;
		this.rotationPeriod = rotationPeriod;
		this.retention = retention;
		this.clock = clock;
	}

	/** Public keys of the active key and of every retired key whose tokens may still be presented. */
	public JWKSource<SecurityContext> published() {
		return (selector, context) -> selector.select(current().published());
	}

	/** The public keys published now (the JWKS document). */
	public JWKSet publishedKeys() {
		return current().published();
	}

	/** The active private key, the only key that signs. */
	public JWKSource<SecurityContext> signing() {
		return (selector, context) -> {
			RSAKey active = current().active();
			return (active != null) ? selector.select(new JWKSet(active)) : List.of();
		};
	}

	/** The key id tokens are signed with now. */
	public String activeKeyId() {
		RSAKey active = current().active();
		Assert.state(active != null, "no active signing key");
		return active.getKeyID();
	}

	/**
	 * Makes sure a key signs: creates the first one on the first start, and a new one once the active
	 * key is older than the rotation period; deletes retired keys nobody can need any more.
	 */
	public void rotateIfDue() {
		this.transactions.executeWithoutResult((status) -> {
			Instant now = this.clock.instant();
			List<SigningKeyEntity> active = this.keys.findByStateOrderByCreatedAtDesc(SigningKeyEntity.ACTIVE);
			if (active.isEmpty() || !active.get(0).createdAt.plus(this.rotationPeriod).isAfter(now)) {
				retire(active, now);
				SigningKeyEntity created = generate(now);
				logger.info("Signing key " + created.kid + " is now active"
						+ (active.isEmpty() ? " (first key)" : "; retired " + active.get(0).kid));
			}
			int removed = this.keys.deleteRemovable(now);
			if (removed > 0) {
				logger.info("Deleted " + removed + " retired signing key(s) whose tokens have all expired");
			}
		});
		reload();
	}

	/** Retires the active key now and activates a new one (operator-triggered rotation). */
	public String rotateNow() {
		String kid = this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			retire(this.keys.findByStateOrderByCreatedAtDesc(SigningKeyEntity.ACTIVE), now);
			return generate(now).kid;
		});
		reload();
		return kid;
	}

	/** Encrypts keys stored in plain text once an encryption key is configured. */
	public void sealPlainKeys() {
		if (!this.cipher.encrypts()) {
			logger.warn("TURNSTILE_KEY_ENCRYPTION_KEY is not set: private signing keys are stored unencrypted");
			return;
		}
		this.transactions.executeWithoutResult((status) -> this.keys.findAll().forEach((key) -> {
			if (PrivateKeyCipher.NONE.equals(key.encryption)) {
				key.privateKey = this.cipher.seal(key.kid, key.privateKey);
				key.encryption = this.cipher.scheme();
				logger.info("Encrypted signing key " + key.kid + " at rest");
			}
		}));
	}

	private void retire(List<SigningKeyEntity> active, Instant now) {
		for (SigningKeyEntity key : active) {
			key.state = SigningKeyEntity.RETIRED;
			key.retiredAt = now;
			key.removeAfter = now.plus(this.retention);
		}
	}

	private SigningKeyEntity generate(Instant now) {
		try {
			RSAKey rsa = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
			SigningKeyEntity entity = new SigningKeyEntity();
			entity.kid = rsa.getKeyID();
			entity.algorithm = JWSAlgorithm.RS256.getName();
			entity.publicJwk = rsa.toPublicJWK().toJSONString();
			entity.privateKey = this.cipher.seal(rsa.getKeyID(), rsa.toJSONString());
			entity.encryption = this.cipher.scheme();
			entity.state = SigningKeyEntity.ACTIVE;
			entity.createdAt = now;
			return this.keys.save(entity);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a signing key", ex);
		}
	}

	private Snapshot current() {
		Snapshot current = this.snapshot;
		if (current.loadedAt().plus(RELOAD).isBefore(this.clock.instant())) {
			return reload();
		}
		return current;
	}

	private synchronized Snapshot reload() {
		Snapshot loaded = this.transactions.execute((status) -> {
			List<SigningKeyEntity> publishable = this.keys.findPublishable(this.clock.instant());
			List<JWK> published = new ArrayList<>();
			RSAKey active = null;
			for (SigningKeyEntity key : publishable) {
				try {
					published.add(JWK.parse(key.publicJwk));
					if (active == null && SigningKeyEntity.ACTIVE.equals(key.state)) {
						active = RSAKey.parse(this.cipher.open(key.kid, key.privateKey, key.encryption));
					}
				}
				catch (ParseException ex) {
					throw new IllegalStateException("Stored signing key " + key.kid + " cannot be parsed", ex);
				}
			}
			return new Snapshot(active, new JWKSet(published), this.clock.instant());
		});
		this.snapshot = loaded;
		return loaded;
	}

	private record Snapshot(RSAKey active, JWKSet published, Instant loadedAt) {
	}

}
