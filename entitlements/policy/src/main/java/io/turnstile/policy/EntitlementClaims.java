package io.turnstile.policy;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

/**
 * The verified claims of an access token that a decision needs, parsed once. Immutable.
 * <p>
 * A person's token carries an {@code ent} claim ({@code tier}, {@code features}, {@code streams},
 * {@code ppv}, {@code ver}) and the {@code did} of the device it was issued to. A service token has no
 * {@code ent}: it has no entitlements ({@link #hasEntitlements()} is {@code false}).
 */
public final class EntitlementClaims {

	private final String subject;

	private final @Nullable String tokenId;

	private final @Nullable Instant issuedAt;

	private final @Nullable Instant expiresAt;

	private final @Nullable Instant notBefore;

	private final @Nullable String clientId;

	private final @Nullable String deviceId;

	private final @Nullable String tier;

	private final Set<String> features;

	private final int streams;

	private final List<PayPerViewPass> payPerView;

	private final long version;

	private final int qualities;

	private final @Nullable String boundKey;

	private final @Nullable String accessTokenHash;

	private EntitlementClaims(Builder builder) {
		this.subject = builder.subject;
		this.tokenId = builder.tokenId;
		this.issuedAt = builder.issuedAt;
		this.expiresAt = builder.expiresAt;
		this.notBefore = builder.notBefore;
		this.clientId = builder.clientId;
		this.deviceId = builder.deviceId;
		this.tier = builder.tier;
		this.features = Set.copyOf(builder.features);
		this.streams = builder.streams;
		this.payPerView = List.copyOf(builder.payPerView);
		this.version = builder.version;
		this.qualities = Quality.maskOf(this.features);
		this.boundKey = builder.boundKey;
		this.accessTokenHash = builder.accessTokenHash;
	}

	/**
	 * A builder for claims of this subject (for tests and for services that verify tokens themselves).
	 */
	public static Builder builder(String subject) {
		return new Builder(subject);
	}

	/**
	 * Reads the claims of a token whose signature and registered claims have already been verified.
	 * @throws IllegalArgumentException when {@code sub} is missing or a claim is malformed
	 */
	public static EntitlementClaims from(JWTClaimsSet claims) {
		Objects.requireNonNull(claims, "claims");
		try {
			String subject = claims.getSubject();
			if (subject == null) {
				throw new IllegalArgumentException("token has no sub");
			}
			Builder builder = builder(subject)
					.tokenId(claims.getJWTID())
					.issuedAt(instant(claims.getIssueTime()))
					.expiresAt(instant(claims.getExpirationTime()))
					.notBefore(instant(claims.getNotBeforeTime()))
					.clientId(claims.getStringClaim("client_id"))
					.deviceId(claims.getStringClaim("did"));
			Map<String, Object> cnf = claims.getJSONObjectClaim("cnf");
			if (cnf != null && cnf.get("jkt") instanceof String jkt) {
				builder.boundKey(jkt);
			}
			Map<String, Object> ent = claims.getJSONObjectClaim("ent");
			if (ent != null) {
				entitlements(builder, ent);
			}
			return builder.build();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("malformed claim: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads a verified token's claims; for a DPoP-bound token also remembers the hash of the token itself,
	 * which its proofs must carry as {@code ath}.
	 */
	static EntitlementClaims from(JWTClaimsSet claims, String token) {
		EntitlementClaims read = from(claims);
		if (read.boundKey == null) {
			return read;
		}
		return read.toBuilder().accessTokenHash(DPoPProofs.sha256(token)).build();
	}

	public String subject() {
		return this.subject;
	}

	/** The SHA-256 thumbprint of the key the token is bound to ({@code cnf.jkt}, RFC 9449), if any. */
	public @Nullable String boundKey() {
		return this.boundKey;
	}

	/** {@code base64url(SHA-256(token))} of a bound token, as its DPoP proofs carry it ({@code ath}). */
	public @Nullable String accessTokenHash() {
		return this.accessTokenHash;
	}

	private Builder toBuilder() {
		Builder builder = builder(this.subject).tokenId(this.tokenId)
			.issuedAt(this.issuedAt)
			.expiresAt(this.expiresAt)
			.notBefore(this.notBefore)
			.clientId(this.clientId)
			.deviceId(this.deviceId)
			.boundKey(this.boundKey)
			.accessTokenHash(this.accessTokenHash);
		if (this.tier != null) {
			builder.tier(this.tier)
				.features(this.features)
				.streams(this.streams)
				.payPerView(this.payPerView)
				.version(this.version);
		}
		return builder;
	}

	/** The token's {@code jti}. */
	public @Nullable String tokenId() {
		return this.tokenId;
	}

	public @Nullable Instant issuedAt() {
		return this.issuedAt;
	}

	public @Nullable Instant expiresAt() {
		return this.expiresAt;
	}

	public @Nullable Instant notBefore() {
		return this.notBefore;
	}

	/** The {@code client_id} the token was issued to. */
	public @Nullable String clientId() {
		return this.clientId;
	}

	/** The {@code did}: the device the token was issued to. */
	public @Nullable String deviceId() {
		return this.deviceId;
	}

	/** Whether the token carries an {@code ent} claim (a person's token, not a service token). */
	public boolean hasEntitlements() {
		return this.tier != null;
	}

	/** {@code ent.tier}, or {@code null} for a token without entitlements. */
	public @Nullable String tier() {
		return this.tier;
	}

	/** {@code ent.features}. */
	public Set<String> features() {
		return this.features;
	}

	/** {@code ent.streams}. */
	public int streams() {
		return this.streams;
	}

	/** {@code ent.ppv}. */
	public List<PayPerViewPass> payPerView() {
		return this.payPerView;
	}

	/** {@code ent.ver}: grows with every change to the person's entitlements. */
	public long version() {
		return this.version;
	}

	boolean hasFeature(String feature) {
		return this.features.contains(feature);
	}

	/** The qualities among the features, as a mask of {@link Quality#bit()}s. */
	int qualities() {
		return this.qualities;
	}

	@Override
	public String toString() {
		return "EntitlementClaims[sub=" + this.subject + ", jti=" + this.tokenId + ", did=" + this.deviceId
				+ ", tier=" + this.tier + ", features=" + this.features + ", ppv=" + this.payPerView + ", ver="
				+ this.version + "]";
	}

	private static void entitlements(Builder builder, Map<String, Object> ent) {
		if (!(ent.get("tier") instanceof String tier)) {
			throw new IllegalArgumentException("ent.tier must be a string");
		}
		builder.tier(tier).version(wholeNumber(ent.get("ver"), "ent.ver"));
		Object features = ent.get("features");
		if (features != null) {
			builder.features(strings(features, "ent.features"));
		}
		Object streams = ent.get("streams");
		if (streams != null) {
			builder.streams(Math.toIntExact(wholeNumber(streams, "ent.streams")));
		}
		Object ppv = ent.get("ppv");
		if (ppv != null) {
			if (!(ppv instanceof List<?> grants)) {
				throw new IllegalArgumentException("ent.ppv must be an array");
			}
			List<PayPerViewPass> passes = new ArrayList<>(grants.size());
			for (Object grant : grants) {
				if (!(grant instanceof Map<?, ?> pass) || !(pass.get("id") instanceof String id)) {
					throw new IllegalArgumentException("ent.ppv items must be objects with an id");
				}
				passes.add(new PayPerViewPass(id, wholeNumber(pass.get("nbf"), "ent.ppv.nbf"),
						wholeNumber(pass.get("exp"), "ent.ppv.exp")));
			}
			builder.payPerView(passes);
		}
	}

	private static long wholeNumber(@Nullable Object value, String name) {
		if (value instanceof Long || value instanceof Integer) {
			return ((Number) value).longValue();
		}
		throw new IllegalArgumentException(name + " must be a whole number");
	}

	private static Set<String> strings(Object value, String name) {
		if (!(value instanceof List<?> list)) {
			throw new IllegalArgumentException(name + " must be an array of strings");
		}
		List<String> strings = new ArrayList<>(list.size());
		for (Object element : list) {
			if (!(element instanceof String string)) {
				throw new IllegalArgumentException(name + " must be an array of strings");
			}
			strings.add(string);
		}
		return Set.copyOf(strings);
	}

	private static @Nullable Instant instant(@Nullable Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	/**
	 * Builds {@link EntitlementClaims}. Setting a {@link #tier(String)} makes them a person's claims with
	 * entitlements; without one, features, pay-per-view passes and version are not allowed.
	 */
	public static final class Builder {

		private final String subject;

		private @Nullable String tokenId;

		private @Nullable Instant issuedAt;

		private @Nullable Instant expiresAt;

		private @Nullable Instant notBefore;

		private @Nullable String clientId;

		private @Nullable String deviceId;

		private @Nullable String tier;

		private Set<String> features = Set.of();

		private int streams;

		private List<PayPerViewPass> payPerView = List.of();

		private long version;

		private @Nullable String boundKey;

		private @Nullable String accessTokenHash;

		private Builder(String subject) {
			this.subject = Objects.requireNonNull(subject, "subject");
		}

		/** The thumbprint of the key the token is bound to ({@code cnf.jkt}). */
		public Builder boundKey(@Nullable String boundKey) {
			this.boundKey = boundKey;
			return this;
		}

		/** {@code base64url(SHA-256(token))} of a bound token. */
		public Builder accessTokenHash(@Nullable String accessTokenHash) {
			this.accessTokenHash = accessTokenHash;
			return this;
		}

		public Builder tokenId(@Nullable String tokenId) {
			this.tokenId = tokenId;
			return this;
		}

		public Builder issuedAt(@Nullable Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		public Builder expiresAt(@Nullable Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		public Builder notBefore(@Nullable Instant notBefore) {
			this.notBefore = notBefore;
			return this;
		}

		public Builder clientId(@Nullable String clientId) {
			this.clientId = clientId;
			return this;
		}

		public Builder deviceId(@Nullable String deviceId) {
			this.deviceId = deviceId;
			return this;
		}

		public Builder tier(@Nullable String tier) {
			this.tier = tier;
			return this;
		}

		public Builder features(Set<String> features) {
			this.features = Set.copyOf(features);
			return this;
		}

		public Builder streams(int streams) {
			if (streams < 0) {
				throw new IllegalArgumentException("streams must not be negative");
			}
			this.streams = streams;
			return this;
		}

		public Builder payPerView(List<PayPerViewPass> payPerView) {
			this.payPerView = List.copyOf(payPerView);
			return this;
		}

		public Builder version(long version) {
			this.version = version;
			return this;
		}

		public EntitlementClaims build() {
			if (this.tier == null && (!this.features.isEmpty() || !this.payPerView.isEmpty() || this.streams != 0
					|| this.version != 0)) {
				throw new IllegalStateException("entitlements without a tier: a token without ent has none");
			}
			return new EntitlementClaims(this);
		}

	}

}
