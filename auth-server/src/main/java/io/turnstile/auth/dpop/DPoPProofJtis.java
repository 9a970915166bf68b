package io.turnstile.auth.dpop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.turnstile.auth.token.TokenHashes;
import io.turnstile.entitlements.ExclusiveTasks;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The DPoP proofs already seen, by {@code jti}, in the database: a proof replayed to another node is
 * refused too. It serves as the {@link Cache} of Spring Security's {@code DPoPProofReplayValidator} (only
 * {@link #putIfAbsent} is used) and directly for proofs at the token endpoint.
 */
@Component
public class DPoPProofJtis implements Cache {

	/** How long a proof's jti is remembered: longer than a proof is accepted (iat ± 60 s). */
	static final Duration REMEMBER = Duration.ofMinutes(5);

	private final JdbcTemplate jdbc;

	private final Clock clock = Clock.systemUTC();

	private ExclusiveTasks exclusive = ExclusiveTasks.LOCAL;

	DPoPProofJtis(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Runs the clean-up on one node at a time when several share the database. */
	@Autowired(required = false)
	void setExclusiveTasks(ExclusiveTasks exclusive) {
		this.exclusive = exclusive;
	}

	/**
	 * Records a proof's jti.
	 * @return whether it was new (a replayed jti returns false)
	 */
	public boolean firstUse(String jti) {
		int inserted = this.jdbc.update(
				"insert into dpop_proof_jti (jti_hash, expires_at) values (?, ?) on conflict do nothing",
				TokenHashes.sha256(jti), java.sql.Timestamp.from(this.clock.instant().plus(REMEMBER)));
		return inserted == 1;
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		// The validator passes the SHA-256 of the jti as key; hashing again is harmless.
		return firstUse(key.toString()) ? null : new SimpleValueWrapper(value);
	}

	@Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
	void forgetExpired() {
		this.exclusive.run("auth-dpop-jti-cleanup", Duration.ofMinutes(5), Duration.ofSeconds(30), () -> this.jdbc
			.update("delete from dpop_proof_jti where expires_at < ?", java.sql.Timestamp.from(Instant.now())));
	}

	@Override
	public String getName() {
		return "dpop-proof-jti";
	}

	@Override
	public Object getNativeCache() {
		return this.jdbc;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		throw new UnsupportedOperationException("DPoP proof jtis are only recorded, never read back");
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		throw new UnsupportedOperationException("DPoP proof jtis are only recorded, never read back");
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		throw new UnsupportedOperationException("DPoP proof jtis are only recorded, never read back");
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		firstUse(key.toString());
	}

	@Override
	public void evict(Object key) {
		throw new UnsupportedOperationException("DPoP proof jtis are never evicted one by one");
	}

	@Override
	public void clear() {
		throw new UnsupportedOperationException("DPoP proof jtis are never cleared");
	}

}
