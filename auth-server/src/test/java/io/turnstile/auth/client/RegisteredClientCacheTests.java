package io.turnstile.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

class RegisteredClientCacheTests {

	static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	static final Duration TTL = Duration.ofSeconds(5);

	final RegisteredClientCache cache = new RegisteredClientCache(TTL);

	final AtomicInteger reads = new AtomicInteger();

	@BeforeEach
	void setUp() {
		at(NOW);
	}

	@Test
	void clientReadWithinTheTimeToLiveIsServedWithoutReadingItAgain() {
		RegisteredClient first = this.cache.byClientId("partner", reading(client("id-1", "partner", "v1")));
		at(NOW.plus(TTL).minusMillis(1));
		RegisteredClient second = this.cache.byClientId("partner", reading(client("id-1", "partner", "v2")));

		assertThat(second).isSameAs(first);
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void changeMadeElsewhereIsSeenOnceTheTimeToLiveIsOver() {
		this.cache.byClientId("partner", reading(client("id-1", "partner", "v1")));
		at(NOW.plus(TTL));
		RegisteredClient changed = this.cache.byClientId("partner", reading(client("id-1", "partner", "v2")));

		assertThat(changed.getClientName()).isEqualTo("v2");
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void clientFoundByClientIdIsAlsoServedById() {
		this.cache.byClientId("partner", reading(client("id-1", "partner", "v1")));
		RegisteredClient byId = this.cache.byId("id-1", reading(client("id-1", "partner", "v2")));

		assertThat(byId.getClientName()).isEqualTo("v1");
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void evictedClientIsReadAgainAtOnceByIdAndByClientId() {
		RegisteredClient v1 = client("id-1", "partner", "v1");
		this.cache.byClientId("partner", reading(v1));

		this.cache.evict(v1);

		assertThat(this.cache.byClientId("partner", reading(client("id-1", "partner", "v2"))).getClientName())
			.isEqualTo("v2");
		this.cache.evict(v1);
		assertThat(this.cache.byId("id-1", reading(client("id-1", "partner", "v3"))).getClientName()).isEqualTo("v3");
		assertThat(this.reads).hasValue(3);
	}

	@Test
	void evictingAClientWhoseClientIdChangedForgetsItsOldClientIdToo() {
		this.cache.byClientId("old-name", reading(client("id-1", "old-name", "v1")));

		this.cache.evict(client("id-1", "new-name", "v2"));

		assertThat(this.cache.byClientId("old-name", reading(null))).isNull();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void readThatStartedBeforeAnEvictionDoesNotKeepWhatItRead() {
		RegisteredClient stale = client("id-1", "partner", "before the change");
		// The row is read, then (before the read is stored) this node saves a change and evicts.
		RegisteredClient served = this.cache.byClientId("partner", () -> {
			this.reads.incrementAndGet();
			this.cache.evict(stale);
			return stale;
		});

		RegisteredClient next = this.cache.byClientId("partner", reading(client("id-1", "partner", "after")));

		assertThat(served).isSameAs(stale);
		assertThat(next.getClientName()).isEqualTo("after");
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void unknownClientIdsAreNeverHeld() {
		for (int i = 0; i < 20_000; i++) {
			assertThat(this.cache.byClientId("unknown-" + i, reading(null))).isNull();
		}
		int heldAfterTheFlood = this.cache.size();

		RegisteredClient registeredSince = this.cache.byClientId("unknown-7", reading(client("id-7", "unknown-7", "new")));

		assertThat(heldAfterTheFlood).isZero();
		assertThat(registeredSince).isNotNull();
		assertThat(this.reads).hasValue(20_001);
	}

	@Test
	void heldClientsNeverExceedTheBound() {
		for (int i = 0; i < RegisteredClientCache.MAX_ENTRIES + 500; i++) {
			this.cache.byClientId("client-" + i, reading(client("id-" + i, "client-" + i, "c")));
		}

		assertThat(this.cache.size()).isPositive().isLessThanOrEqualTo(RegisteredClientCache.MAX_ENTRIES);
	}

	@Test
	void clientThatDisappearedIsForgotten() {
		this.cache.byClientId("partner", reading(client("id-1", "partner", "v1")));
		at(NOW.plus(TTL));

		assertThat(this.cache.byClientId("partner", reading(null))).isNull();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void zeroTimeToLiveReadsEveryTime() {
		RegisteredClientCache uncached = new RegisteredClientCache(Duration.ZERO);

		uncached.byClientId("partner", reading(client("id-1", "partner", "v1")));
		uncached.byClientId("partner", reading(client("id-1", "partner", "v1")));

		assertThat(this.reads).hasValue(2);
		assertThat(uncached.size()).isZero();
	}

	private void at(Instant instant) {
		this.cache.setClock(Clock.fixed(instant, ZoneOffset.UTC));
	}

	private Supplier<@Nullable RegisteredClient> reading(@Nullable RegisteredClient client) {
		return () -> {
			this.reads.incrementAndGet();
			return client;
		};
	}

	private static RegisteredClient client(String id, String clientId, String name) {
		return RegisteredClient.withId(id)
			.clientId(clientId)
			.clientName(name)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
	}

}
