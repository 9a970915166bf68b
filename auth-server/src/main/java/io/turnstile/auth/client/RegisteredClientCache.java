package io.turnstile.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * Registered clients this node read recently, by id and by client id, each kept for at most the
 * time-to-live: a change written by another node is seen here within that time. Only clients that exist
 * are kept (an unknown client id is read from the database every time), so the cache holds at most the
 * registered clients, and never more than {@value #MAX_ENTRIES} of them.
 * <p>
 * {@link #evict} drops a client at once. A read that started before an eviction does not store what it
 * read, so a client changed on this node is never served from before the change.
 */
final class RegisteredClientCache {

	static final int MAX_ENTRIES = 10_000;

	private final Map<String, Entry> byId = new ConcurrentHashMap<>();

	private final Map<String, Entry> byClientId = new ConcurrentHashMap<>();

	private final AtomicLong evictions = new AtomicLong();

	private final Duration timeToLive;

	private volatile Clock clock = Clock.systemUTC();

	/**
	 * @param timeToLive how long a client read is served before it is read again; zero reads every time
	 */
	RegisteredClientCache(Duration timeToLive) {
		Assert.notNull(timeToLive, "timeToLive cannot be null");
		Assert.isTrue(!timeToLive.isNegative(), "timeToLive cannot be negative");
		this.timeToLive = timeToLive;
	}

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Nullable RegisteredClient byId(String id, Supplier<@Nullable RegisteredClient> load) {
		return get(this.byId, id, load);
	}

	@Nullable RegisteredClient byClientId(String clientId, Supplier<@Nullable RegisteredClient> load) {
		return get(this.byClientId, clientId, load);
	}

	/** Forgets the client under its id and client id (and under the client id it had when it was read). */
	synchronized void evict(RegisteredClient client) {
		this.evictions.incrementAndGet();
		Entry cached = this.byId.remove(client.getId());
		if (cached != null) {
			this.byClientId.remove(cached.client().getClientId());
		}
		this.byClientId.remove(client.getClientId());
	}

	/** How many clients are held. */
	int size() {
		return this.byId.size();
	}

	private @Nullable RegisteredClient get(Map<String, Entry> index, String key,
			Supplier<@Nullable RegisteredClient> load) {
		Instant now = this.clock.instant();
		Entry cached = index.get(key);
		if (cached != null && now.isBefore(cached.expiresAt())) {
			return cached.client();
		}
		long evictionsBefore = this.evictions.get();
		RegisteredClient client = load.get();
		if (client == null && cached != null) {
			evict(cached.client());
		}
		if (client != null && !this.timeToLive.isZero()) {
			putUnlessEvictedSince(evictionsBefore, new Entry(client, now.plus(this.timeToLive)), now);
		}
		return client;
	}

	private synchronized void putUnlessEvictedSince(long evictionsBefore, Entry entry, Instant now) {
		if (this.evictions.get() != evictionsBefore) {
			return;
		}
		if (this.byId.size() >= MAX_ENTRIES) {
			this.byId.values().removeIf((held) -> !now.isBefore(held.expiresAt()));
			this.byClientId.values().removeIf((held) -> !now.isBefore(held.expiresAt()));
			if (this.byId.size() >= MAX_ENTRIES) {
				this.byId.clear();
				this.byClientId.clear();
			}
		}
		this.byId.put(entry.client().getId(), entry);
		this.byClientId.put(entry.client().getClientId(), entry);
	}

	private record Entry(RegisteredClient client, Instant expiresAt) {
	}

}
