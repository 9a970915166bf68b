package io.turnstile.policy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

/**
 * The issuer's JWKS, fetched with {@code java.net.http} and cached. The cache is refreshed when it is
 * older than its lifetime, and early when a token names a key it does not hold (a rotated key); but the
 * endpoint is asked at most once per minimum interval, so a flood of tokens with made-up {@code kid}s cannot
 * hammer the issuer. A failed fetch keeps the keys already held.
 */
final class RemoteJwkSource implements JWKSource<SecurityContext> {

	static final int MAX_JWKS_BYTES = 512 * 1024;

	private static final System.Logger logger = System.getLogger(RemoteJwkSource.class.getName());

	private final HttpRequest request;

	private final HttpClient httpClient;

	private final Clock clock;

	private final long minimumIntervalMillis;

	private final long lifetimeMillis;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile Keys keys = new Keys(new JWKSet(), Long.MIN_VALUE);

	private long lastAttemptMillis = Long.MIN_VALUE;

	RemoteJwkSource(URI jwksUri, HttpClient httpClient, Clock clock, Duration minimumInterval, Duration lifetime,
			Duration timeout) {
		this.request = HttpRequest.newBuilder(Objects.requireNonNull(jwksUri, "jwksUri"))
				.timeout(timeout)
				.header("Accept", "application/jwk-set+json, application/json")
				.GET()
				.build();
		this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.minimumIntervalMillis = minimumInterval.toMillis();
		this.lifetimeMillis = lifetime.toMillis();
	}

	@Override
	public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) {
		Keys current = this.keys;
		if (this.clock.millis() >= current.staleAtMillis()) {
			current = refresh(current, false);
		}
		List<JWK> matches = selector.select(current.set());
		if (!matches.isEmpty()) {
			return matches;
		}
		Keys refreshed = refresh(current, true);
		return (refreshed != current) ? selector.select(refreshed.set()) : matches;
	}

	/**
	 * Fetches the keys again unless someone else just did or the last attempt is too recent.
	 * @param seen the keys the caller found wanting
	 * @param wait whether to wait for a fetch in progress (a missing key) or not (a merely old cache)
	 */
	private Keys refresh(Keys seen, boolean wait) {
		if (wait) {
			this.lock.lock();
		}
		else if (!this.lock.tryLock()) {
			return this.keys;
		}
		try {
			Keys current = this.keys;
			if (current != seen) {
				return current;
			}
			long now = this.clock.millis();
			if (this.lastAttemptMillis != Long.MIN_VALUE && now - this.lastAttemptMillis < this.minimumIntervalMillis) {
				return current;
			}
			this.lastAttemptMillis = now;
			Keys fetched = new Keys(fetch(), now + this.lifetimeMillis);
			this.keys = fetched;
			return fetched;
		}
		catch (IOException | ParseException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not fetch the JWKS from {0}: {1}", this.request.uri(),
					ex.getMessage());
			return this.keys;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.keys;
		}
		finally {
			this.lock.unlock();
		}
	}

	private JWKSet fetch() throws IOException, InterruptedException, ParseException {
		HttpResponse<InputStream> response = this.httpClient.send(this.request,
				HttpResponse.BodyHandlers.ofInputStream());
		String body = TierCatalog.readBody(response, MAX_JWKS_BYTES);
		JWKSet keys = JWKSet.parse(body).toPublicJWKSet();
		if (logger.isLoggable(System.Logger.Level.DEBUG)) {
			logger.log(System.Logger.Level.DEBUG, "Fetched {0} keys from {1}", keys.getKeys().size(),
					this.request.uri());
		}
		return keys;
	}

	/**
	 * The keys held, and when they are due to be fetched again.
	 */
	private record Keys(JWKSet set, long staleAtMillis) {
	}

}
