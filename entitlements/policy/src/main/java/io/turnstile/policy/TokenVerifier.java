package io.turnstile.policy;

import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Verifies RFC 9068 access tokens offline against the issuer's keys: signature with an allowed algorithm
 * (RS256 by default; never {@code none}, never HMAC), header {@code typ: at+jwt}, {@code iss}, {@code aud},
 * {@code exp} and {@code nbf} with clock skew. {@code jku} and {@code x5u} headers are ignored and
 * {@code crit} headers are refused. Thread-safe.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *     .issuer("https://id.example.com")
 *     .audience("https://id.example.com/content")
 *     .jwksUri(URI.create("https://id.example.com/oauth2/jwks"))
 *     .build();
 * }</pre>
 */
public final class TokenVerifier {

	/**
	 * Longer tokens are refused before they are parsed.
	 */
	static final int MAX_TOKEN_LENGTH = 16 * 1024;

	private static final System.Logger logger = System.getLogger(TokenVerifier.class.getName());

	private static final Rejected INVALID = new Rejected(Reason.TOKEN_INVALID);

	private static final Rejected EXPIRED = new Rejected(Reason.TOKEN_EXPIRED);

	private final AccessTokenProcessor processor;

	private TokenVerifier(JWKSource<SecurityContext> keys, Builder builder) {
		AccessTokenClaimsVerifier claimsVerifier = new AccessTokenClaimsVerifier(
				Objects.requireNonNull(builder.issuer, "issuer"), Objects.requireNonNull(builder.audience, "audience"),
				builder.clock, builder.clockSkew.toSeconds());
		this.processor = new AccessTokenProcessor(Set.copyOf(builder.algorithms), keys, claimsVerifier);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Verifies the token. Never throws for bad input and never logs the token.
	 * @return {@link Verified} with the claims, or {@link Rejected} with {@link Reason#TOKEN_EXPIRED} for a
	 * token that was valid but has expired and {@link Reason#TOKEN_INVALID} for anything else
	 */
	public Verification verify(@Nullable String token) {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			return rejected(INVALID, "empty or longer than " + MAX_TOKEN_LENGTH + " characters");
		}
		try {
			// a JWS only: "alg":"none" and JWE fail to parse; the header is parsed once
			JWTClaimsSet claims = this.processor.process(SignedJWT.parse(token), null);
			return new Verified(EntitlementClaims.from(claims, token));
		}
		catch (AccessTokenClaimsVerifier.ExpiredToken ex) {
			return rejected(EXPIRED, ex.getMessage());
		}
		catch (BadJOSEException | JOSEException ex) {
			return rejected(INVALID, ex.getMessage());
		}
		catch (ParseException | RuntimeException ex) {
			// parse messages may quote the input: name the failure only
			return rejected(INVALID, ex.getClass().getSimpleName());
		}
	}

	/**
	 * Verifies the token and, if it is valid, asks the policy; a token that is not valid is denied with
	 * {@link Reason#TOKEN_INVALID} or {@link Reason#TOKEN_EXPIRED}.
	 */
	public Decision decide(@Nullable String token, AccessPolicy policy, ContentRequirement content, Context context) {
		Verification verification = verify(token);
		if (verification instanceof Verified verified) {
			return policy.decide(verified.claims(), content, context);
		}
		return Decision.deny(((Rejected) verification).reason());
	}

	private static Rejected rejected(Rejected rejected, @Nullable String why) {
		if (logger.isLoggable(System.Logger.Level.DEBUG)) {
			logger.log(System.Logger.Level.DEBUG, "Access token rejected ({0}): {1}", rejected.reason().code(), why);
		}
		return rejected;
	}

	/**
	 * The outcome of {@link #verify(String)}.
	 */
	public sealed interface Verification permits Verified, Rejected {

	}

	/**
	 * The token is valid; these are its claims.
	 */
	public record Verified(EntitlementClaims claims) implements Verification {

		public Verified {
			Objects.requireNonNull(claims, "claims");
		}

	}

	/**
	 * The token is not valid: {@link Reason#TOKEN_INVALID} or {@link Reason#TOKEN_EXPIRED}.
	 */
	public record Rejected(Reason reason) implements Verification {

		public Rejected {
			if (reason != Reason.TOKEN_INVALID && reason != Reason.TOKEN_EXPIRED) {
				throw new IllegalArgumentException("a token is rejected as TOKEN_INVALID or TOKEN_EXPIRED");
			}
		}

	}

	/**
	 * Builds a {@link TokenVerifier}. Issuer, audience and either a JWKS URI or a fixed key set are required.
	 */
	public static final class Builder {

		private @Nullable String issuer;

		private @Nullable String audience;

		private @Nullable URI jwksUri;

		private @Nullable JWKSet jwkSet;

		private @Nullable HttpClient httpClient;

		private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256);

		private Duration clockSkew = Duration.ofSeconds(30);

		private Clock clock = Clock.systemUTC();

		private Duration minimumRefetchInterval = Duration.ofSeconds(30);

		private Duration cacheLifetime = Duration.ofMinutes(5);

		private Duration fetchTimeout = Duration.ofSeconds(5);

		private Builder() {
		}

		/** The expected {@code iss}, e.g. {@code https://id.example.com}. */
		public Builder issuer(String issuer) {
			this.issuer = Objects.requireNonNull(issuer, "issuer");
			return this;
		}

		/** The audience {@code aud} must include, e.g. {@code https://id.example.com/content}. */
		public Builder audience(String audience) {
			this.audience = Objects.requireNonNull(audience, "audience");
			return this;
		}

		/** The issuer's JWKS, fetched on first use and cached. */
		public Builder jwksUri(URI jwksUri) {
			this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
			return this;
		}

		/** Fixed keys instead of a JWKS URI (their public parts are used). */
		public Builder jwkSet(JWKSet jwkSet) {
			this.jwkSet = Objects.requireNonNull(jwkSet, "jwkSet");
			return this;
		}

		/** The client that fetches the JWKS; a default client when not set. */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
			return this;
		}

		/** The accepted signature algorithms (default RS256 only); asymmetric only: no HMAC, no none. */
		public Builder algorithms(Set<JWSAlgorithm> algorithms) {
			Set<JWSAlgorithm> allowed = new LinkedHashSet<>(algorithms);
			if (allowed.isEmpty()) {
				throw new IllegalArgumentException("at least one algorithm must be allowed");
			}
			for (JWSAlgorithm algorithm : allowed) {
				if (!JWSAlgorithm.Family.SIGNATURE.contains(algorithm)) {
					throw new IllegalArgumentException(
							"only asymmetric signature algorithms are allowed, not " + algorithm);
				}
			}
			this.algorithms = allowed;
			return this;
		}

		/** Tolerance for {@code exp} and {@code nbf} (default 30 s). */
		public Builder clockSkew(Duration clockSkew) {
			if (clockSkew.isNegative()) {
				throw new IllegalArgumentException("clock skew must not be negative");
			}
			this.clockSkew = clockSkew;
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/** The JWKS is fetched at most once per this interval when tokens name unknown keys (default 30 s). */
		public Builder minimumRefetchInterval(Duration interval) {
			if (interval.isNegative()) {
				throw new IllegalArgumentException("refetch interval must not be negative");
			}
			this.minimumRefetchInterval = interval;
			return this;
		}

		/** Cached keys are fetched again after this long (default 5 min). */
		public Builder cacheLifetime(Duration cacheLifetime) {
			if (cacheLifetime.isNegative() || cacheLifetime.isZero()) {
				throw new IllegalArgumentException("cache lifetime must be positive");
			}
			this.cacheLifetime = cacheLifetime;
			return this;
		}

		/** How long a JWKS fetch may take (default 5 s). */
		public Builder fetchTimeout(Duration fetchTimeout) {
			if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
				throw new IllegalArgumentException("fetch timeout must be positive");
			}
			this.fetchTimeout = fetchTimeout;
			return this;
		}

		public TokenVerifier build() {
			if ((this.jwksUri == null) == (this.jwkSet == null)) {
				throw new IllegalStateException("set exactly one of jwksUri and jwkSet");
			}
			return new TokenVerifier(keys(), this);
		}

		private JWKSource<SecurityContext> keys() {
			if (this.jwkSet != null) {
				return new ImmutableJWKSet<>(this.jwkSet.toPublicJWKSet());
			}
			HttpClient client = (this.httpClient != null) ? this.httpClient
					: HttpClient.newBuilder().connectTimeout(this.fetchTimeout).build();
			return new RemoteJwkSource(Objects.requireNonNull(this.jwksUri), client, this.clock,
					this.minimumRefetchInterval, this.cacheLifetime, this.fetchTimeout);
		}

	}

}
