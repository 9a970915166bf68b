package io.turnstile.policy;

import java.time.Instant;

/**
 * Object mother for {@link EntitlementClaims}: each test states only what matters.
 */
final class TestClaims {

	static final String SUBJECT = "3f1c9a52-7d1e-4c3a-9b1e-2a7f5c0d9e11";

	static final String DEVICE = "living-room-tv";

	static final String TOKEN_ID = "at-0001";

	static final long VERSION = 17;

	private TestClaims() {
	}

	/**
	 * A person's claims on this tier of the standard catalog, with that tier's features.
	 */
	static EntitlementClaims.Builder person(String tier) {
		Tier known = TierCatalog.standard().find(tier).orElseThrow();
		return EntitlementClaims.builder(SUBJECT)
				.tokenId(TOKEN_ID)
				.clientId("tv-app")
				.deviceId(DEVICE)
				.issuedAt(Instant.ofEpochSecond(1_798_000_000L))
				.expiresAt(Instant.ofEpochSecond(1_798_000_300L))
				.tier(known.code())
				.features(known.features())
				.streams(known.streams())
				.version(VERSION);
	}

	/**
	 * A service token's claims: no {@code ent}, no {@code did}.
	 */
	static EntitlementClaims.Builder service() {
		return EntitlementClaims.builder("catalog-sync")
				.tokenId("at-service")
				.clientId("catalog-sync");
	}

}
