package io.turnstile.auth.keys;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The signing keys, persisted in {@code signing_key}: one active RS256 key signs; the next key is
 * published ahead of its use; retired keys stay published in the JWKS until every token they signed has
 * expired ({@code remove_after}), then they are deleted. Private keys are encrypted at rest when an
 * encryption key is configured.
 *
 * <p>
 * Several nodes share the table. A scheduled rotation first publishes a {@code NEXT} key (once the active
 * key is within {@link #setPublishAhead publish-ahead} of its rotation period) and makes it the signing key
 * only when the active key is due and the next key has been published for at least the reload interval, so
 * every node, and every verifier that caches the JWKS, knows a key before any token carries it. A unique
 * constraint allows one {@code ACTIVE} and one {@code NEXT} key whatever nodes do at once: a node that loses
 * the race finds the other's key on its reload.
 *
 * <p>
 * Two views serve the framework: {@link #published()} (public keys, for the JWKS endpoint and for our
 * own token decoder) and {@link #signing()} (the active private key only, for the JWT encoder). Both
 * read a snapshot that is reloaded from the database at most every reload interval (30 s by default), at
 * once after a local rotation, and (at most ten times a second) when a token names a key the snapshot lacks;
 * the JWKS document is at most a second old. While the database is away the last snapshot serves on.
 */
public class SigningKeys {

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	static final Duration RELOAD = Duration.ofSeconds(30);

	/** How old the JWKS document may be. */
	static final Duration FRESH = Duration.ofSeconds(1);

	/** How often tokens naming keys this node does not know may make it read the keys (10 times a second). */
	private static final Duration UNKNOWN_KEY_RELOAD = Duration.ofMillis(100);

	/** After a failed reload, the last snapshot serves this long before the next attempt. */
	private static final Duration RETRY_FAILED_RELOAD = Duration.ofSeconds(5);

	private final SigningKeyEntityRepository keys;

	private final PrivateKeyCipher cipher;

	private final TransactionOperations transactions;

	private final Duration rotationPeriod;

	private final Duration retention;

	private final Clock clock;

	private Duration reloadInterval = RELOAD;

	private Duration publishAhead = Duration.ZERO;

	private volatile Snapshot snapshot = new Snapshot(null, new JWKSet(), Instant.MIN);

	/** No reload before this (set after a failed reload). */
	private volatile Instant nextAttempt = Instant.MIN;

	private Instant nextUnknownKeyReload = Instant.MIN;

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

	/** How long a node may serve keys it read before reading them again (default 30 s). */
	void setReloadInterval(Duration reloadInterval) {
		Assert.isTrue(!reloadInterval.isNegative() && !reloadInterval.isZero(), "reloadInterval must be positive");
		this.reloadInterval = reloadInterval;
	}

	/**
	 * How long before the active key is due the next key is published (default: not ahead; the next key is
	 * then published at the first check after the active key is due, and signs from the check after).
	 */
	void setPublishAhead(Duration publishAhead) {
		Assert.isTrue(!publishAhead.isNegative() && publishAhead.compareTo(this.rotationPeriod) < 0,
				"publishAhead must be at least zero and shorter than the rotation period");
		this.publishAhead = publishAhead;
	}

	/**
	 * Public keys of the active key, of the next key and of every retired key whose tokens may still be
	 * presented. A key id the snapshot lacks (a key another node just activated) reloads it, at most ten
	 * times a second.
	 */
	public JWKSource<SecurityContext> published() {
		return (selector, context) -> {
			List<JWK> selected = selector.select(current(this.reloadInterval).published());
			if (selected.isEmpty() && !selector.getMatcher().getKeyIDs().isEmpty()) {
				selected = selector.select(reloadForUnknownKey().published());
			}
			return selected;
		};
	}

	/** The published keys for the JWKS endpoint: at most a second old, so every node answers alike. */
	public JWKSource<SecurityContext> publishedDocument() {
		return (selector, context) -> selector.select(publishedDocumentKeys());
	}

	/** How long a verifier may cache the JWKS document: a key is published two reload intervals before it signs. */
	public Duration reloadInterval() {
		return this.reloadInterval;
	}

	/** The JWKS document: the public keys published now, at most a second old. */
	public JWKSet publishedDocumentKeys() {
		return current(FRESH).published();
	}

	/** The public keys published now (the JWKS document). */
	public JWKSet publishedKeys() {
		return current(this.reloadInterval).published();
	}

	/** The active private key, the only key that signs. */
	public JWKSource<SecurityContext> signing() {
		return (selector, context) -> {
			RSAKey active = current(this.reloadInterval).active();
			return (active != null) ? selector.select(new JWKSet(active)) : List.of();
		};
	}

	/** The private key tokens are signed with now. */
	public RSAKey activeKey() {
		RSAKey active = current(this.reloadInterval).active();
		Assert.state(active != null, "no active signing key");
		return active;
	}

	/** The key id tokens are signed with now. */
	public String activeKeyId() {
		RSAKey active = current(this.reloadInterval).active();
		Assert.state(active != null, "no active signing key");
		return active.getKeyID();
	}

	/**
	 * Makes sure a key signs and the next one is published in time: creates the first key on the first
	 * start; publishes a next key once the active key is within publish-ahead of the rotation period (or
	 * due); makes the next key active once the active key is due and the next key has been published for a
	 * reload interval; deletes retired keys nobody can need any more. Safe on several nodes at once.
	 */
	public void rotateIfDue() {
		try {
			this.transactions.executeWithoutResult((status) -> {
				Instant now = this.clock.instant();
				List<SigningKeyEntity> current = this.keys.findCurrentForUpdate();
				List<SigningKeyEntity> active = current.stream()
					.filter((key) -> SigningKeyEntity.ACTIVE.equals(key.state))
					.toList();
				List<SigningKeyEntity> next = current.stream()
					.filter((key) -> SigningKeyEntity.NEXT.equals(key.state))
					.toList();
				if (active.isEmpty()) {
					SigningKeyEntity created = generate(SigningKeyEntity.ACTIVE, now);
					logger.info("Signing key " + created.kid + " is now active (first key)");
				}
				else {
					Instant due = activatedAt(active.get(0)).plus(this.rotationPeriod);
					if (!due.isAfter(now) && !next.isEmpty() && !next.get(0).createdAt.plus(this.reloadInterval).isAfter(now)) {
						activate(next.get(0), active, now);
					}
					else if (next.isEmpty() && !due.minus(this.publishAhead).isAfter(now)) {
						SigningKeyEntity created = generate(SigningKeyEntity.NEXT, now);
						logger.info("Signing key " + created.kid + " is published; it signs once " + active.get(0).kid
								+ " is due (" + due + ")");
					}
				}
				int removed = this.keys.deleteRemovable(now);
				if (removed > 0) {
					logger.info("Deleted " + removed + " retired signing key(s) whose tokens have all expired");
				}
			});
		}
		catch (DataIntegrityViolationException ex) {
			logger.info("Another node rotated the signing keys at the same moment; using its keys");
		}
		reload();
	}

	/**
	 * Retires the active key now and activates a new one (operator-triggered rotation, e.g. when a key may
	 * have leaked). Other nodes sign with the new key once they reload (within the reload interval) and
	 * accept it at once.
	 */
	public String rotateNow() {
		String kid = this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			retire(this.keys.findByStateOrderByCreatedAtDesc(SigningKeyEntity.ACTIVE), now);
			return generate(SigningKeyEntity.ACTIVE, now).kid;
		});
		logger.info("Signing key " + kid + " is now active (rotated on request)");
		reload();
		return Objects.requireNonNull(kid);
	}

	/** Every stored key, newest first: ids, states and times only (for operators). */
	public List<KeyDescription> describe() {
		List<KeyDescription> described = this.transactions.execute((status) -> this.keys.findAll()
			.stream()
			.sorted((x, y) -> y.createdAt.compareTo(x.createdAt))
			.map((key) -> new KeyDescription(key.kid, key.algorithm, key.state, key.createdAt, key.activatedAt,
					key.retiredAt, key.removeAfter))
			.toList());
		return Objects.requireNonNull(described);
	}

	/**
	 * What operators see of a signing key.
	 *
	 * @param state {@code ACTIVE} (signs), {@code NEXT} (published, signs after the next rotation) or
	 * {@code RETIRED} (published until {@code removeAfter})
	 */
	public record KeyDescription(String kid, String algorithm, String state, Instant createdAt,
			@Nullable Instant activatedAt, @Nullable Instant retiredAt, @Nullable Instant removeAfter) {
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

	private void activate(SigningKeyEntity next, List<SigningKeyEntity> active, Instant now) {
		retire(active, now);
		next.state = SigningKeyEntity.ACTIVE;
		next.exclusiveState = SigningKeyEntity.ACTIVE;
		next.activatedAt = now;
		this.keys.saveAndFlush(next);
		logger.info("Signing key " + next.kid + " is now active"
				+ (active.isEmpty() ? "" : "; retired " + active.get(0).kid));
	}

	/** Retires keys; flushed at once, so that the key taking over may claim the active state. */
	private void retire(List<SigningKeyEntity> active, Instant now) {
		for (SigningKeyEntity key : active) {
			key.state = SigningKeyEntity.RETIRED;
			key.exclusiveState = null;
			key.retiredAt = now;
			key.removeAfter = now.plus(this.retention);
		}
		this.keys.flush();
	}

	private SigningKeyEntity generate(String state, Instant now) {
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
			entity.state = state;
			entity.exclusiveState = state;
			entity.createdAt = now;
			entity.activatedAt = SigningKeyEntity.ACTIVE.equals(state) ? now : null;
			return this.keys.saveAndFlush(entity);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a signing key", ex);
		}
	}

	private static Instant activatedAt(SigningKeyEntity key) {
		return (key.activatedAt != null) ? key.activatedAt : key.createdAt;
	}

	/** The snapshot, reloaded first if it is older than {@code maxAge}. */
	private Snapshot current(Duration maxAge) {
		Snapshot current = this.snapshot;
		Instant now = this.clock.instant();
		if (current.loadedAt().plus(maxAge).isBefore(now) && !now.isBefore(this.nextAttempt)) {
			return reloadIfOlderThan(now.minus(maxAge));
		}
		return current;
	}

	/**
	 * Reads the keys again for a token naming a key the snapshot lacks (another node may just have
	 * activated it), at most ten times a second however many such tokens arrive.
	 */
	private Snapshot reloadForUnknownKey() {
		Instant now = this.clock.instant();
		synchronized (this) {
			if (now.isBefore(this.nextUnknownKeyReload)) {
				return this.snapshot;
			}
			this.nextUnknownKeyReload = now.plus(UNKNOWN_KEY_RELOAD);
		}
		return reloadIfOlderThan(now);
	}

	private Snapshot reload() {
		return reloadIfOlderThan(Instant.MAX);
	}

	/** Reads the keys unless another thread did since {@code threshold}; keeps the last ones if reading fails. */
	private synchronized Snapshot reloadIfOlderThan(Instant threshold) {
		Snapshot current = this.snapshot;
		boolean forced = threshold.equals(Instant.MAX);
		if (!forced && (!current.loadedAt().isBefore(threshold) || this.clock.instant().isBefore(this.nextAttempt))) {
			return current;
		}
		try {
			Snapshot loaded = Objects.requireNonNull(this.transactions.execute((status) -> load()));
			this.snapshot = loaded;
			this.nextAttempt = Instant.MIN;
			return loaded;
		}
		catch (RuntimeException ex) {
			if (forced || current.active() == null) {
				throw ex;
			}
			this.nextAttempt = this.clock.instant().plus(RETRY_FAILED_RELOAD);
			logger.warn("Could not reload the signing keys (" + ex.getClass().getSimpleName()
					+ "); serving the keys read at " + current.loadedAt() + " until the database answers");
			return current;
		}
	}

	private Snapshot load() {
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
	}

	private record Snapshot(@Nullable RSAKey active, JWKSet published, Instant loadedAt) {
	}

}
