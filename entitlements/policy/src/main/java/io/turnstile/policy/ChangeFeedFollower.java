package io.turnstile.policy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * Follows Turnstile's change feed ({@code GET /api/entitlements/changes}, long poll) and keeps a compact
 * in-memory view of what was taken away, so that {@link AccessPolicy} denies a token at once rather than
 * at its expiry: pass it as the {@link Freshness} of the {@link Context}. It remembers revoked token ids
 * and devices and each person's minimum entitlement version for {@code retention} (longer than any
 * access token lives), then forgets them. If the feed answers that its cursor expired, every token issued
 * before that moment is stale.
 *
 * <pre>{@code
 * ChangeFeedFollower follower = ChangeFeedFollower.builder()
 *     .feed(URI.create("https://id.example.com/api/entitlements/changes"))
 *     .accessToken(new ClientCredentialsTokens(tokenEndpoint, "playback", secret, "entitlements.read", http))
 *     .build();
 * follower.start();
 * Decision decision = policy.decide(claims, content, Context.at(now).withFreshness(follower));
 * }</pre>
 */
public final class ChangeFeedFollower implements Freshness, AutoCloseable {

	private static final System.Logger logger = System.getLogger(ChangeFeedFollower.class.getName());

	private static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

	private final URI feed;

	private final Supplier<String> accessToken;

	private final HttpClient httpClient;

	private final int waitSeconds;

	private final long retentionSeconds;

	private final Clock clock;

	/** jti → epoch second it was revoked. */
	private final Map<String, Long> revokedTokens = new ConcurrentHashMap<>();

	/** device id → epoch second it was signed out. */
	private final Map<String, Long> revokedDevices = new ConcurrentHashMap<>();

	/** subject → {version, epoch second of the change}. */
	private final Map<String, long[]> minimumVersions = new ConcurrentHashMap<>();

	private volatile long staleBefore = Long.MIN_VALUE;

	private volatile @Nullable String cursor;

	private volatile long lastSuccess;

	private volatile boolean running;

	private @Nullable Thread thread;

	private ChangeFeedFollower(Builder builder) {
		this.feed = Objects.requireNonNull(builder.feed, "feed");
		this.accessToken = Objects.requireNonNull(builder.accessToken, "accessToken");
		this.httpClient = (builder.httpClient != null) ? builder.httpClient : HttpClient.newHttpClient();
		this.waitSeconds = builder.waitSeconds;
		this.retentionSeconds = builder.retention.toSeconds();
		this.clock = builder.clock;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Starts following on a daemon thread. */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread follower = new Thread(this::run, "turnstile-change-feed");
		follower.setDaemon(true);
		follower.start();
		this.thread = follower;
	}

	@Override
	public synchronized void close() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
		}
	}

	@Override
	public boolean isRevoked(String tokenId) {
		return this.revokedTokens.containsKey(tokenId);
	}

	@Override
	public boolean isDeviceRevoked(String deviceId) {
		return this.revokedDevices.containsKey(deviceId);
	}

	@Override
	public long minimumVersion(String subject) {
		long[] minimum = this.minimumVersions.get(subject);
		return (minimum != null) ? minimum[0] : Long.MIN_VALUE;
	}

	@Override
	public long staleBefore() {
		return this.staleBefore;
	}

	/** Epoch millis of the last successful read of the feed (0 before the first). */
	public long lastSuccess() {
		return this.lastSuccess;
	}

	/** Reads the feed once (waiting up to {@code wait} seconds for changes) and applies what it says. */
	public void pollOnce() throws IOException, InterruptedException {
		StringBuilder uri = new StringBuilder(this.feed.toString()).append("?wait=").append(this.waitSeconds);
		String after = this.cursor;
		if (after != null) {
			uri.append("&after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString()))
			.timeout(Duration.ofSeconds(this.waitSeconds + 15L))
			.header("Authorization", "Bearer " + this.accessToken.get())
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<InputStream> response = this.httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() == 410) {
			response.body().close();
			this.staleBefore = this.clock.instant().getEpochSecond();
			this.cursor = null;
			logger.log(System.Logger.Level.WARNING,
					"Change-feed cursor expired: every token issued before now is treated as stale");
			return;
		}
		apply(TierCatalog.readBody(response, MAX_RESPONSE_BYTES));
		this.lastSuccess = this.clock.millis();
	}

	void apply(String json) throws IOException {
		try {
			Map<String, Object> page = JSONObjectUtils.parse(json);
			List<Object> changes = JSONObjectUtils.getJSONArray(page, "changes");
			long now = this.clock.instant().getEpochSecond();
			if (changes != null) {
				for (Object item : changes) {
					if (item instanceof Map<?, ?> change) {
						applyChange(change, now);
					}
				}
			}
			String next = JSONObjectUtils.getString(page, "cursor");
			if (next != null) {
				this.cursor = next;
			}
			forget(now);
		}
		catch (ParseException ex) {
			throw new IOException("The change feed answered something that is not a feed page", ex);
		}
	}

	private void applyChange(Map<?, ?> change, long now) {
		if (change.get("revokedTokenIds") instanceof List<?> tokens) {
			for (Object token : tokens) {
				this.revokedTokens.put(String.valueOf(token), now);
			}
		}
		if (change.get("revokedDeviceIds") instanceof List<?> devices) {
			for (Object device : devices) {
				this.revokedDevices.put(String.valueOf(device), now);
			}
		}
		if (change.get("userId") instanceof String subject && change.get("ver") instanceof Number ver) {
			this.minimumVersions.merge(subject, new long[] { ver.longValue(), now },
					(old, fresh) -> (fresh[0] >= old[0]) ? fresh : old);
		}
	}

	private void forget(long now) {
		long horizon = now - this.retentionSeconds;
		this.revokedTokens.values().removeIf((at) -> at < horizon);
		this.revokedDevices.values().removeIf((at) -> at < horizon);
		this.minimumVersions.values().removeIf((entry) -> entry[1] < horizon);
	}

	private void run() {
		long backoff = 1;
		while (this.running) {
			try {
				pollOnce();
				backoff = 1;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (IOException | RuntimeException ex) {
				logger.log(System.Logger.Level.WARNING, "Change feed unavailable ({0}); retrying in {1} s",
						ex.getClass().getSimpleName(), backoff);
				try {
					Thread.sleep(backoff * 1000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = Math.min(30, backoff * 2);
			}
		}
	}

	public static final class Builder {

		private @Nullable URI feed;

		private @Nullable Supplier<String> accessToken;

		private @Nullable HttpClient httpClient;

		private int waitSeconds = 20;

		private Duration retention = Duration.ofMinutes(15);

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/** The feed endpoint, {@code <issuer>/api/entitlements/changes}. */
		public Builder feed(URI feed) {
			this.feed = feed;
			return this;
		}

		/** A bearer token with scope {@code entitlements.read}, e.g. {@link ClientCredentialsTokens}. */
		public Builder accessToken(Supplier<String> accessToken) {
			this.accessToken = accessToken;
			return this;
		}

		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/** How long each long poll may wait for a change, 1 to 30 seconds (default 20). */
		public Builder waitSeconds(int waitSeconds) {
			if (waitSeconds < 1 || waitSeconds > 30) {
				throw new IllegalArgumentException("waitSeconds must be 1 to 30");
			}
			this.waitSeconds = waitSeconds;
			return this;
		}

		/** How long revocations are remembered; longer than any access token lives (default 15 min). */
		public Builder retention(Duration retention) {
			this.retention = Objects.requireNonNull(retention, "retention");
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		public ChangeFeedFollower build() {
			return new ChangeFeedFollower(this);
		}

	}

}
