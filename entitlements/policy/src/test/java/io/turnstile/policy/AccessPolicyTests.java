package io.turnstile.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessPolicyTests {

	static final List<String> TIERS = List.of("free", "basic", "standard", "premium");

	static final List<String> FEATURES = List.of("sd", "hd", "uhd", "downloads", "ad_free");

	static final String FIGHT_NIGHT = "fight-night-2026-12";

	static final long DOORS_OPEN = 1_798_000_000L;

	static final long REPLAY_ENDS = 1_798_200_000L;

	static final Instant NOW = Instant.ofEpochSecond(1_798_000_100L);

	final AccessPolicy policy = AccessPolicy.standard(TierCatalog.standard());

	final Context context = Context.at(NOW);

	static Stream<Arguments> everyTierAgainstEveryRequiredTier() {
		List<Arguments> cases = new ArrayList<>();
		for (int held = 0; held < TIERS.size(); held++) {
			for (int required = 0; required < TIERS.size(); required++) {
				cases.add(Arguments.of(TIERS.get(held), TIERS.get(required), held >= required));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} token, {1} title: permitted={2}")
	@MethodSource("everyTierAgainstEveryRequiredTier")
	void tierMatrixPermitsTiersRankedAtLeastTheRequiredOne(String held, String required, boolean permitted) {
		Decision decision = this.policy.decide(TestClaims.person(held).build(),
				ContentRequirement.of("film-42").requiringTier(required), this.context);

		if (permitted) {
			assertThat(decision).isSameAs(Decision.permit());
		}
		else {
			assertThat(decision).isEqualTo(new Decision.Deny(List.of(Reason.TIER_TOO_LOW)));
		}
	}

	static Stream<Arguments> everyTierAgainstEveryFeature() {
		List<Arguments> cases = new ArrayList<>();
		for (String tier : TIERS) {
			Set<String> included = TierCatalog.standard().find(tier).orElseThrow().features();
			for (String feature : FEATURES) {
				cases.add(Arguments.of(tier, feature, included.contains(feature)));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} token, requires {1}: permitted={2}")
	@MethodSource("everyTierAgainstEveryFeature")
	void featureMatrixPermitsOnlyFeaturesTheTokenIncludes(String tier, String feature, boolean permitted) {
		Decision decision = this.policy.decide(TestClaims.person(tier).build(),
				ContentRequirement.of("film-42").requiringFeature(feature), this.context);

		if (permitted) {
			assertThat(decision).isSameAs(Decision.permit());
		}
		else {
			assertThat(decision).isEqualTo(new Decision.Deny(List.of(Reason.FEATURE_NOT_INCLUDED)));
		}
	}

	@Test
	void premiumTitleIsDeniedOnBasicTier() {
		Decision decision = this.policy.decide(TestClaims.person("basic").build(),
				ContentRequirement.of("film-42").requiringTier("premium"), this.context);

		assertThat(decision.permitted()).isFalse();
		assertThat(((Decision.Deny) decision).reasons()).containsExactly(Reason.TIER_TOO_LOW);
	}

	@Test
	void titleRequiringATierTheCatalogDoesNotKnowIsDenied() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(),
				ContentRequirement.of("film-42").requiringTier("platinum"), this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.TIER_TOO_LOW));
	}

	@Test
	void tokenWithoutEntitlementsIsDeniedAnyTierRequirementEvenFree() {
		Decision decision = this.policy.decide(TestClaims.service().build(),
				ContentRequirement.of("film-42").requiringTier("free"), this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.TIER_TOO_LOW));
	}

	@Test
	void tokenWithoutEntitlementsIsDeniedAnyFeatureEvenSd() {
		Decision decision = this.policy.decide(TestClaims.service().build(),
				ContentRequirement.of("film-42").requiringFeature("sd"), this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.FEATURE_NOT_INCLUDED));
	}

	@Test
	void tokenWithoutEntitlementsMayPlayATitleThatRequiresNothing() {
		Decision decision = this.policy.decide(TestClaims.service().build(), ContentRequirement.of("trailer-7"),
				this.context);

		assertThat(decision).isSameAs(Decision.permit());
	}

	@ParameterizedTest(name = "at {0}: {1}")
	@CsvSource({
			"1797999999, PPV_WINDOW_NOT_OPEN",
			"1798000000, PERMIT",
			"1798100000, PERMIT",
			"1798199999, PERMIT",
			"1798200000, PPV_WINDOW_CLOSED",
			"1798300000, PPV_WINDOW_CLOSED" })
	void payPerViewWindowOpensAtNbfInclusiveAndClosesAtExpExclusive(long epochSecond, String expected) {
		EntitlementClaims claims = TestClaims.person("free")
				.payPerView(List.of(new PayPerViewPass(FIGHT_NIGHT, DOORS_OPEN, REPLAY_ENDS)))
				.build();

		Decision decision = this.policy.decide(claims, ContentRequirement.of("fight").payPerView(FIGHT_NIGHT),
				Context.at(Instant.ofEpochSecond(epochSecond)));

		if (expected.equals("PERMIT")) {
			assertThat(decision).isSameAs(Decision.permit());
		}
		else {
			assertThat(decision).isEqualTo(Decision.deny(Reason.valueOf(expected)));
		}
	}

	@Test
	void payPerViewWithoutAPassIsNotPurchased() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(),
				ContentRequirement.of("fight").payPerView(FIGHT_NIGHT), this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.PPV_NOT_PURCHASED));
	}

	@Test
	void passForAnotherEventDoesNotOpenThisOne() {
		EntitlementClaims claims = TestClaims.person("premium")
				.payPerView(List.of(new PayPerViewPass("concert-2026-11", DOORS_OPEN, REPLAY_ENDS)))
				.build();

		Decision decision = this.policy.decide(claims, ContentRequirement.of("fight").payPerView(FIGHT_NIGHT),
				this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.PPV_NOT_PURCHASED));
	}

	@Test
	void serviceTokenHasNoPayPerViewPass() {
		Decision decision = this.policy.decide(TestClaims.service().build(),
				ContentRequirement.of("fight").payPerView(FIGHT_NIGHT), this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.PPV_NOT_PURCHASED));
	}

	@Test
	void uhdTitleOnPremiumPlaysWithoutObligations() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(),
				ContentRequirement.of("film-42").inQuality("uhd"), this.context);

		assertThat(decision).isSameAs(Decision.permit());
	}

	@Test
	void uhdTitleOnAnHdTierDegradesToHdInsteadOfDenying() {
		Decision decision = this.policy.decide(TestClaims.person("standard").build(),
				ContentRequirement.of("film-42").inQuality("uhd"), this.context);

		assertThat(decision).isEqualTo(new Decision.Permit(Map.of("max_quality", "hd")));
	}

	@Test
	void hdTitleOnTheSdOnlyFreeTierDegradesToSd() {
		Decision decision = this.policy.decide(TestClaims.person("free").build(),
				ContentRequirement.of("film-42").inQuality("hd"), this.context);

		assertThat(decision).isEqualTo(new Decision.Permit(Map.of(Decision.MAX_QUALITY, "sd")));
	}

	@Test
	void uhdTitleThatRequiresUhdExplicitlyIsDeniedOnAnHdTier() {
		Decision decision = this.policy.decide(TestClaims.person("standard").build(),
				ContentRequirement.of("film-42").requiringFeature("uhd").inQuality("uhd"), this.context);

		assertThat(decision).isEqualTo(new Decision.Deny(List.of(Reason.FEATURE_NOT_INCLUDED)));
	}

	@Test
	void requestedQualityIsDeniedWhenTheTokenHasNoQualityAtOrBelowIt() {
		Decision decision = this.policy.decide(TestClaims.service().build(),
				ContentRequirement.of("film-42").inQuality("hd"), this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.FEATURE_NOT_INCLUDED));
	}

	@Test
	void degradedQualityObligationIsDroppedWhenAnotherRuleDenies() {
		Decision decision = this.policy.decide(TestClaims.person("standard").build(),
				ContentRequirement.of("film-42").requiringTier("premium").inQuality("uhd"), this.context);

		assertThat(decision).isEqualTo(Decision.deny(Reason.TIER_TOO_LOW));
	}

	@Test
	void playingOnAnotherDeviceThanTheTokensIsADeviceMismatch() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(), ContentRequirement.of("film-42"),
				this.context.onDevice("kitchen-tablet"));

		assertThat(decision).isEqualTo(Decision.deny(Reason.DEVICE_MISMATCH));
	}

	@Test
	void playingOnTheTokensOwnDeviceIsPermitted() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(), ContentRequirement.of("film-42"),
				this.context.onDevice(TestClaims.DEVICE));

		assertThat(decision).isSameAs(Decision.permit());
	}

	@Test
	void tokenWithoutADeviceCannotPlayOnANamedDevice() {
		Decision decision = this.policy.decide(TestClaims.person("premium").deviceId(null).build(),
				ContentRequirement.of("film-42"), this.context.onDevice(TestClaims.DEVICE));

		assertThat(decision).isEqualTo(Decision.deny(Reason.DEVICE_MISMATCH));
	}

	@Test
	void revokedTokenIsDenied() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(), ContentRequirement.of("film-42"),
				this.context.withFreshness(new KnownFreshness(Set.of(TestClaims.TOKEN_ID), 0)));

		assertThat(decision).isEqualTo(Decision.deny(Reason.TOKEN_REVOKED));
	}

	@Test
	void entitlementsOlderThanTheMinimumVersionAreStale() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(), ContentRequirement.of("film-42"),
				this.context.withFreshness(new KnownFreshness(Set.of(), TestClaims.VERSION + 1)));

		assertThat(decision).isEqualTo(Decision.deny(Reason.ENTITLEMENT_STALE));
	}

	@Test
	void entitlementsAtTheMinimumVersionAreCurrent() {
		Decision decision = this.policy.decide(TestClaims.person("premium").build(), ContentRequirement.of("film-42"),
				this.context.withFreshness(new KnownFreshness(Set.of("another-token"), TestClaims.VERSION)));

		assertThat(decision).isSameAs(Decision.permit());
	}

	@Test
	void everyApplicableReasonIsReportedOnceInReasonOrder() {
		EntitlementClaims claims = TestClaims.person("free")
				.payPerView(List.of(new PayPerViewPass(FIGHT_NIGHT, DOORS_OPEN, REPLAY_ENDS)))
				.build();
		ContentRequirement content = ContentRequirement.of("fight")
				.requiringTier("premium")
				.requiringFeature("uhd")
				.inQuality("uhd")
				.payPerView(FIGHT_NIGHT);
		Context elsewhereAfterTheReplay = Context.at(Instant.ofEpochSecond(REPLAY_ENDS))
				.onDevice("kitchen-tablet")
				.withFreshness(new KnownFreshness(Set.of(TestClaims.TOKEN_ID), TestClaims.VERSION + 1));

		Decision decision = this.policy.decide(claims, content, elsewhereAfterTheReplay);

		assertThat(decision).isInstanceOf(Decision.Deny.class);
		assertThat(((Decision.Deny) decision).reasons()).containsExactly(Reason.TIER_TOO_LOW,
				Reason.FEATURE_NOT_INCLUDED, Reason.PPV_WINDOW_CLOSED, Reason.TOKEN_REVOKED,
				Reason.ENTITLEMENT_STALE, Reason.DEVICE_MISMATCH);
	}

	@Test
	void reasonsAreExactlyTheDocumentedCodes() {
		assertThat(EnumSet.allOf(Reason.class)).extracting(Reason::code).containsExactly("TIER_TOO_LOW",
				"FEATURE_NOT_INCLUDED", "PPV_NOT_PURCHASED", "PPV_WINDOW_NOT_OPEN", "PPV_WINDOW_CLOSED",
				"TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED", "ENTITLEMENT_STALE", "TOKEN_NOT_BOUND_TO_CALLER",
				"DEVICE_MISMATCH");
	}

	@Test
	void contentRequirementRefusesAnUnknownQuality() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> ContentRequirement.of("film-42").inQuality("4k"))
				.withMessageContaining("sd, hd or uhd");
	}

	/**
	 * What a change-feed follower would know.
	 */
	record KnownFreshness(Set<String> revoked, long minimumVersion) implements Freshness {

		@Override
		public boolean isRevoked(String tokenId) {
			return this.revoked.contains(tokenId);
		}

		@Override
		public long minimumVersion(String subject) {
			return this.minimumVersion;
		}

	}

}
