package io.turnstile.auth.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Token-bucket limits (Bucket4j) in front of Spring Security: the OAuth endpoints per client id and per
 * address, the sign-in, sign-up and TV-code forms per address. Over the limit: {@code 429} with
 * {@code Retry-After}, as RFC 6749 error JSON ({@code temporarily_unavailable}) on OAuth endpoints and as
 * the error page on forms. Buckets are per node: with N nodes a client gets up to N times the rate; the
 * limits that must hold across nodes (failed sign-ins per account and address, wrong TV codes, sign-ups
 * per address) are counted in the database by {@code LoginThrottle}.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(RateLimitFilter.class);

	private static final int MAX_BUCKETS = 200_000;

	private final RateLimitProperties limits;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	RateLimitFilter(RateLimitProperties limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.limits.enabled() || !"POST".equals(request.getMethod()) || kind(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String kind = kind(request);
		String address = request.getRemoteAddr();
		long waitNanos;
		if ("oauth".equals(kind)) {
			waitNanos = consume("ip:" + address, this.limits.addressPerSecond(), this.limits.addressBurst());
			String client = clientId(request);
			if (waitNanos == 0 && client != null) {
				waitNanos = consume("client:" + client, this.limits.clientPerSecond(), this.limits.clientBurst());
			}
		}
		else {
			waitNanos = consume("form:" + address, this.limits.formPerSecond(), this.limits.formBurst());
		}
		if (waitNanos == 0) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		if ("oauth".equals(kind)) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.getWriter()
				.write("{\"error\":\"temporarily_unavailable\",\"error_description\":\"Too many requests; retry after "
						+ seconds + " s\"}");
		}
		else {
			response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "Too many attempts; wait " + seconds + " s");
		}
	}

	/** @return 0 if a token was taken, else the nanoseconds until one will be there */
	private long consume(String key, int perSecond, int burst) {
		if (this.buckets.size() > MAX_BUCKETS) {
			forgetIdle();
		}
		Bucket bucket = this.buckets.computeIfAbsent(key, (k) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	/** Drops buckets that are full again: their keys have been quiet for a while. */
	@Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
	void forgetIdle() {
		int before = this.buckets.size();
		this.buckets.entrySet().removeIf((entry) -> {
			Bucket bucket = entry.getValue();
			return bucket.getAvailableTokens() >= capacityOf(entry.getKey());
		});
		if (logger.isDebugEnabled()) {
			logger.debug("Forgot " + (before - this.buckets.size()) + " idle rate-limit buckets");
		}
	}

	private long capacityOf(String key) {
		if (key.startsWith("client:")) {
			return this.limits.clientBurst();
		}
		return key.startsWith("ip:") ? this.limits.addressBurst() : this.limits.formBurst();
	}

	private static @Nullable String kind(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return switch (path) {
			case "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/device_authorization" -> "oauth";
			case "/login", "/signup", "/activate" -> "form";
			default -> null;
		};
	}

	private static @Nullable String clientId(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				return (colon > 0) ? decoded.substring(0, Math.min(colon, 200)) : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		String clientId = request.getParameter("client_id");
		return (clientId != null && clientId.length() <= 200) ? clientId : null;
	}

}
