package io.turnstile.auth.feed;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.config.AuthProperties;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.ChangeFeed;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /api/entitlements/changes?after=<cursor>&wait=<s≤30>} (scope {@code entitlements.read}):
 * the change feed as long-poll JSON. Without a cursor it starts with the changes of the last two access
 * token lifetimes (every token older than that has expired anyway), answered at once. With a cursor and
 * {@code wait}, an empty answer is held until a change arrives or the wait ends. An expired cursor is {@code 410 feed-cursor-expired}.
 */
@RestController
@Tag(name = "Entitlements", description = "What people may watch, for content services")
class ChangeFeedController {

	static final int PAGE = 500;

	private static final String CURSOR_PREFIX = "c1.";

	private final ChangeFeed feed;

	private final FeedWaiters waiters;

	private final Duration backlog;

	private final Clock clock = Clock.systemUTC();

	ChangeFeedController(ChangeFeed feed, FeedWaiters waiters, AuthProperties properties) {
		this.feed = feed;
		this.waiters = waiters;
		this.backlog = properties.accessTokenTtl().multipliedBy(2);
	}

	@GetMapping("/api/entitlements/changes")
	@Operation(summary = "The change feed (long poll)", description = "Changes after the opaque cursor 'after' (without one: the changes of the last two access-token lifetimes, at once). With 'wait' (0-30 s), an empty answer is held until a change arrives. Each change names the person and their new 'ver', and the devices and token ids revoked. After 410 feed-cursor-expired, treat every token issued before now as stale and start again without a cursor.")
	@ProblemResponses({ Problems.MALFORMED_REQUEST, Problems.INVALID_REQUEST, Problems.FEED_CURSOR_EXPIRED })
	@ExamplePayloads(response = """
			{"cursor": "c1.MTA0Mg", "changes": [
			 {"seq": 1042, "at": 1798000000, "userId": "u-1042", "ver": 18, "revokedDeviceIds": ["d-7a1c"], "revokedTokenIds": ["4b8e0d"], "reason": "device-signed-out"}]}""")
	DeferredResult<FeedJson> changes(@RequestParam(required = false) @Nullable String after,
			@RequestParam(defaultValue = "0") int wait) {
		if (wait < 0 || wait > 30) {
			throw new ApiException(Problems.INVALID_REQUEST, "'wait' is 0 to 30 seconds");
		}
		long cursor = (after != null) ? decode(after) : startOfBacklog();
		DeferredResult<FeedJson> result = new DeferredResult<>((long) wait * 1000 + 5000);
		FeedJson now = read(cursor);
		// A follower without a cursor is starting: it gets its cursor at once, with or without a backlog.
		if (!now.changes().isEmpty() || wait == 0 || after == null) {
			result.setResult(now);
			return result;
		}
		this.waiters.await(cursor, Duration.ofSeconds(wait), () -> result.setResult(read(cursor)));
		return result;
	}

	private FeedJson read(long cursor) {
		List<ChangeFeed.Entry> entries;
		try {
			entries = this.feed.after(cursor, PAGE);
		}
		catch (ChangeFeed.FeedCursorExpired ex) {
			throw new ApiException(Problems.FEED_CURSOR_EXPIRED,
					"The feed no longer holds the changes after this cursor; treat every token issued before now as stale and start again without a cursor");
		}
		List<ChangeJson> changes = new ArrayList<>(entries.size());
		long last = cursor;
		for (ChangeFeed.Entry entry : entries) {
			changes.add(ChangeJson.of(entry));
			last = entry.seq();
		}
		return new FeedJson(encode(last), changes);
	}

	private long startOfBacklog() {
		Instant since = this.clock.instant().minus(this.backlog);
		return this.feed.lastBefore(since);
	}

	static String encode(long seq) {
		return CURSOR_PREFIX + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
	}

	static long decode(String cursor) {
		try {
			if (!cursor.startsWith(CURSOR_PREFIX)) {
				throw new IllegalArgumentException();
			}
			long seq = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor.substring(CURSOR_PREFIX.length())),
					StandardCharsets.US_ASCII));
			if (seq < 0) {
				throw new IllegalArgumentException();
			}
			return seq;
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(Problems.MALFORMED_REQUEST, "'after' is not a cursor this feed gave out");
		}
	}

	@Schema(name = "FeedPage")
	record FeedJson(String cursor, List<ChangeJson> changes) {
	}

	@Schema(name = "FeedChange")
	record ChangeJson(long seq, long at, @Nullable String userId, @Nullable Long ver, List<String> revokedDeviceIds,
			List<String> revokedTokenIds, String reason) {

		static ChangeJson of(ChangeFeed.Entry entry) {
			return new ChangeJson(entry.seq(), entry.at().getEpochSecond(),
					(entry.userId() != null) ? entry.userId().value() : null, entry.ver(), entry.revokedDeviceIds(),
					entry.revokedTokenIds(), entry.reason());
		}

	}

}
