package io.turnstile.policy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.turnstile.policy.TestTokens.NOW;
import static io.turnstile.policy.TestTokens.premiumClaims;
import static io.turnstile.policy.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TokenVerifierTests {

	static final TokenVerifier.Rejected INVALID = new TokenVerifier.Rejected(Reason.TOKEN_INVALID);

	static final TokenVerifier.Rejected EXPIRED = new TokenVerifier.Rejected(Reason.TOKEN_EXPIRED);

	static RSAKey issuerKey;

	static RSAKey rotatedKey;

	static RSAKey attackerKey;

	static TestJwksServer attackerServer;

	final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@BeforeAll
	static void keys() {
		issuerKey = TestTokens.rsaKey("issuer-2026-01");
		rotatedKey = TestTokens.rsaKey("issuer-2026-02");
		attackerKey = TestTokens.rsaKey("attacker");
		attackerServer = TestJwksServer.serving(attackerKey);
	}

	@AfterAll
	static void stopAttacker() {
		attackerServer.close();
	}

	TokenVerifier verifier() {
		return TokenVerifier.builder()
				.issuer(TestTokens.ISSUER)
				.audience(TestTokens.AUDIENCE)
				.jwkSet(new JWKSet(issuerKey))
				.clock(this.clock)
				.build();
	}

	static TokenVerifier verifier(TestJwksServer server, Clock clock) {
		return TokenVerifier.builder()
				.issuer(TestTokens.ISSUER)
				.audience(TestTokens.AUDIENCE)
				.jwksUri(server.jwksUri())
				.clock(clock)
				.build();
	}

	@Test
	void validTokenIsVerifiedAndItsClaimsAreRead() {
		TokenVerifier.Verification verification = verifier().verify(sign(issuerKey, premiumClaims().build()));

		assertThat(verification).isInstanceOf(TokenVerifier.Verified.class);
		EntitlementClaims claims = ((TokenVerifier.Verified) verification).claims();
		assertThat(claims.subject()).isEqualTo(TestClaims.SUBJECT);
		assertThat(claims.tokenId()).isEqualTo(TestClaims.TOKEN_ID);
		assertThat(claims.clientId()).isEqualTo("tv-app");
		assertThat(claims.deviceId()).isEqualTo(TestClaims.DEVICE);
		assertThat(claims.issuedAt()).isEqualTo(NOW.minusSeconds(60));
		assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(240));
		assertThat(claims.hasEntitlements()).isTrue();
		assertThat(claims.tier()).isEqualTo("premium");
		assertThat(claims.features()).containsExactlyInAnyOrder("sd", "hd", "uhd", "downloads", "ad_free");
		assertThat(claims.streams()).isEqualTo(4);
		assertThat(claims.payPerView())
				.containsExactly(new PayPerViewPass("fight-night-2026-12", 1_798_000_000L, 1_798_200_000L));
		assertThat(claims.version()).isEqualTo(17);
	}

	@Test
	void serviceTokenWithoutEntIsVerifiedWithoutEntitlements() {
		JWTClaimsSet claims = new JWTClaimsSet.Builder(premiumClaims().build()).subject("catalog-sync")
				.claim("ent", null)
				.claim("did", null)
				.build();

		TokenVerifier.Verification verification = verifier().verify(sign(issuerKey, claims));

		assertThat(verification).isInstanceOf(TokenVerifier.Verified.class);
		assertThat(((TokenVerifier.Verified) verification).claims().hasEntitlements()).isFalse();
		assertThat(((TokenVerifier.Verified) verification).claims().features()).isEmpty();
	}

	@Test
	void expiredTokenIsRejectedAsExpired() {
		String token = sign(issuerKey, premiumClaims().expirationTime(Date.from(NOW.minusSeconds(31))).build());

		assertThat(verifier().verify(token)).isEqualTo(EXPIRED);
	}

	@Test
	void tokenExpiredWithinTheClockSkewIsAccepted() {
		String token = sign(issuerKey, premiumClaims().expirationTime(Date.from(NOW.minusSeconds(29))).build());

		assertThat(verifier().verify(token)).isInstanceOf(TokenVerifier.Verified.class);
	}

	@Test
	void tokenNotValidBeforeAMomentBeyondTheSkewIsInvalid() {
		String token = sign(issuerKey, premiumClaims().notBeforeTime(Date.from(NOW.plusSeconds(31))).build());

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void tokenNotValidBeforeAMomentWithinTheSkewIsAccepted() {
		String token = sign(issuerKey, premiumClaims().notBeforeTime(Date.from(NOW.plusSeconds(29))).build());

		assertThat(verifier().verify(token)).isInstanceOf(TokenVerifier.Verified.class);
	}

	@Test
	void clockSkewIsConfigurable() {
		TokenVerifier strict = TokenVerifier.builder()
				.issuer(TestTokens.ISSUER)
				.audience(TestTokens.AUDIENCE)
				.jwkSet(new JWKSet(issuerKey))
				.clock(this.clock)
				.clockSkew(Duration.ZERO)
				.build();
		String token = sign(issuerKey, premiumClaims().expirationTime(Date.from(NOW)).build());

		assertThat(strict.verify(token)).isEqualTo(EXPIRED);
	}

	@Test
	void expiredTokenWithABadSignatureIsInvalidNotExpired() {
		String token = sign(TestTokens.header(issuerKey).build(),
				premiumClaims().expirationTime(Date.from(NOW.minusSeconds(600))).build(), TestTokens.signer(attackerKey));

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void tokenFromAnotherIssuerIsInvalid() {
		String token = sign(issuerKey, premiumClaims().issuer("https://evil.example.com").build());

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void tokenForAnotherAudienceIsInvalid() {
		String token = sign(issuerKey, premiumClaims().audience("tv-app").build());

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void tokenWithOurAudienceAmongOthersIsAccepted() {
		String token = sign(issuerKey,
				premiumClaims().audience(List.of("https://other.example.com", TestTokens.AUDIENCE)).build());

		assertThat(verifier().verify(token)).isInstanceOf(TokenVerifier.Verified.class);
	}

	@Test
	void tokenWithoutJtiIsInvalid() {
		String token = sign(issuerKey, premiumClaims().jwtID(null).build());

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void tokenWithAMalformedEntClaimIsInvalid() {
		String token = sign(issuerKey, premiumClaims().claim("ent", Map.of("tier", "premium", "ver", "seventeen"))
				.build());

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void unsignedTokenWithAlgNoneIsInvalid() {
		String token = new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(),
				premiumClaims().build()).serialize();

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void algNoneWithASignaturePartIsInvalid() {
		String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString();
		String payload = premiumClaims().build().toPayload().toBase64URL().toString();

		assertThat(verifier().verify(header + "." + payload + ".c2lnbmF0dXJl")).isEqualTo(INVALID);
	}

	@Test
	void hs256SignedWithTheRsaPublicKeyAsSecretIsInvalid() throws Exception {
		MACSigner signer = new MACSigner(issuerKey.toRSAPublicKey().getEncoded());
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID())
				.type(new JOSEObjectType("at+jwt"))
				.build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), signer))).isEqualTo(INVALID);
	}

	@Test
	void hs256SignedWithThePublishedJwkAsSecretIsInvalid() throws Exception {
		MACSigner signer = new MACSigner(issuerKey.toPublicJWK().toJSONString().getBytes());
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), signer))).isEqualTo(INVALID);
	}

	@Test
	void algorithmOutsideTheAllowListIsInvalid() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(issuerKey.getKeyID())
				.type(new JOSEObjectType("at+jwt"))
				.build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(issuerKey))))
				.isEqualTo(INVALID);
	}

	@Test
	void allowListRefusesHmacAndNone() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> TokenVerifier.builder().algorithms(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.HS256)))
				.withMessageContaining("HS256");
		assertThatIllegalArgumentException()
				.isThrownBy(() -> TokenVerifier.builder().algorithms(Set.of(JWSAlgorithm.parse("none"))));
	}

	@Test
	void tokenTypedJwtInsteadOfAtJwtIsInvalid() {
		JWSHeader header = TestTokens.header(issuerKey).type(JOSEObjectType.JWT).build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(issuerKey))))
				.isEqualTo(INVALID);
	}

	@Test
	void tokenWithoutTypIsInvalid() {
		JWSHeader header = TestTokens.header(issuerKey).type(null).build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(issuerKey))))
				.isEqualTo(INVALID);
	}

	@Test
	void tokenSignedByAnotherKeyUnderOurKidIsInvalid() {
		String token = sign(TestTokens.header(issuerKey).build(), premiumClaims().build(),
				TestTokens.signer(attackerKey));

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void criticalHeaderWeDoNotUnderstandIsRefused() {
		JWSHeader header = TestTokens.header(issuerKey)
				.criticalParams(Set.of("urn:example:binding"))
				.customParam("urn:example:binding", "x")
				.build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(issuerKey))))
				.isEqualTo(INVALID);
	}

	@Test
	void kidWithPathTraversalOrSqlIsOnlyALookupKeyAndMatchesNoKey() {
		for (String kid : List.of("../../../../etc/passwd", "/dev/null", "' OR '1'='1",
				"\"; drop table signing_key; --", "issuer-2026-01\u0000", "issuer-2026-01/../issuer-2026-01")) {
			JWSHeader header = TestTokens.header(issuerKey).keyID(kid).build();

			assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(issuerKey))))
					.as(kid)
					.isEqualTo(INVALID);
		}
	}

	@Test
	void attackerKeyEmbeddedAsJwkHeaderIsNotTrusted() {
		JWSHeader header = TestTokens.header(issuerKey).jwk(attackerKey.toPublicJWK()).build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(attackerKey))))
				.isEqualTo(INVALID);
	}

	@Test
	void attackerCertificateChainInX5cHeaderIsNotTrusted() throws Exception {
		JWSHeader header = TestTokens.header(attackerKey)
				.x509CertChain(List.of(Base64.encode(attackerKey.toPublicKey().getEncoded())))
				.build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(attackerKey))))
				.isEqualTo(INVALID);
	}

	@Test
	void ecdsaSignatureOfZerosIsInvalid() throws Exception {
		ECKey ecKey = new ECKeyGenerator(Curve.P_256).keyID("issuer-ec").generate();
		TokenVerifier verifier = TokenVerifier.builder()
				.issuer(TestTokens.ISSUER)
				.audience(TestTokens.AUDIENCE)
				.jwkSet(new JWKSet(ecKey))
				.algorithms(Set.of(JWSAlgorithm.ES256))
				.clock(this.clock)
				.build();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("issuer-ec")
				.type(new JOSEObjectType("at+jwt"))
				.build();
		String signingInput = header.toBase64URL() + "." + premiumClaims().build().toPayload().toBase64URL();
		String genuine = sign(header, premiumClaims().build(), new ECDSASigner(ecKey));

		assertThat(verifier.verify(genuine)).isInstanceOf(TokenVerifier.Verified.class);
		assertThat(verifier.verify(signingInput + "." + Base64URL.encode(new byte[64]))).isEqualTo(INVALID);
		assertThat(verifier.verify(signingInput + "." + Base64URL.encode(new byte[72]))).isEqualTo(INVALID);
	}

	@Test
	void tokenWithoutKidIsVerifiedOnlyByTheIssuersKeys() {
		JWSHeader header = TestTokens.header(issuerKey).keyID(null).build();

		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(issuerKey))))
				.isInstanceOf(TokenVerifier.Verified.class);
		assertThat(verifier().verify(sign(header, premiumClaims().build(), TestTokens.signer(attackerKey))))
				.isEqualTo(INVALID);
	}

	@Test
	void truncatedTokensAreInvalidWithoutException() {
		String token = sign(issuerKey, premiumClaims().build());
		TokenVerifier verifier = verifier();

		assertThat(verifier.verify(token.substring(0, token.length() - 10))).isEqualTo(INVALID);
		assertThat(verifier.verify(token.substring(0, token.lastIndexOf('.')))).isEqualTo(INVALID);
		assertThat(verifier.verify(token.substring(0, token.indexOf('.')))).isEqualTo(INVALID);
		assertThat(verifier.verify(token.substring(0, 7))).isEqualTo(INVALID);
		assertThat(verifier.verify("...")).isEqualTo(INVALID);
		assertThat(verifier.verify("")).isEqualTo(INVALID);
		assertThat(verifier.verify(null)).isEqualTo(INVALID);
	}

	@Test
	void oversizedTokenIsInvalidWithoutException() {
		String token = sign(issuerKey, premiumClaims().build());
		String oneMegabyte = token + "A".repeat(1024 * 1024 - token.length());

		assertThat(oneMegabyte).hasSize(1024 * 1024);
		assertThat(verifier().verify(oneMegabyte)).isEqualTo(INVALID);
	}

	@Test
	void tokenWithAManyMegabyteSignedClaimIsInvalid() {
		String token = sign(issuerKey, premiumClaims().claim("padding", "p".repeat(1024 * 1024)).build());

		assertThat(verifier().verify(token)).isEqualTo(INVALID);
	}

	@Test
	void jkuHeaderIsIgnoredAndOurKeysStillVerify() {
		JWSHeader header = TestTokens.header(issuerKey).jwkURL(attackerServer.jwksUri()).build();
		int attackerRequests = attackerServer.requests();

		TokenVerifier.Verification verification = verifier()
				.verify(sign(header, premiumClaims().build(), TestTokens.signer(issuerKey)));

		assertThat(verification).isInstanceOf(TokenVerifier.Verified.class);
		assertThat(attackerServer.requests()).isEqualTo(attackerRequests);
	}

	@Test
	void tokenSignedByAnAttackerKeyAdvertisedThroughJkuIsInvalid() throws Exception {
		try (TestJwksServer issuer = TestJwksServer.serving(issuerKey)) {
			int attackerRequests = attackerServer.requests();
			JWSHeader header = TestTokens.header(attackerKey).jwkURL(attackerServer.jwksUri())
					.x509CertURL(URI.create(attackerServer.jwksUri() + "/cert"))
					.build();

			TokenVerifier.Verification verification = verifier(issuer, this.clock)
					.verify(sign(header, premiumClaims().build(), TestTokens.signer(attackerKey)));

			assertThat(verification).isEqualTo(INVALID);
			assertThat(attackerServer.requests()).isEqualTo(attackerRequests);
		}
	}

	@Test
	void jwksIsFetchedOnceAndCached() {
		try (TestJwksServer issuer = TestJwksServer.serving(issuerKey)) {
			TokenVerifier verifier = verifier(issuer, this.clock);
			String token = sign(issuerKey, premiumClaims().build());

			for (int i = 0; i < 5; i++) {
				assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Verified.class);
			}
			assertThat(issuer.requests()).isEqualTo(1);
		}
	}

	@Test
	void unknownKidRefetchesTheJwksAndFindsTheRotatedKey() {
		MutableClock clock = new MutableClock(NOW);
		try (TestJwksServer issuer = TestJwksServer.serving(issuerKey)) {
			TokenVerifier verifier = verifier(issuer, clock);
			assertThat(verifier.verify(sign(issuerKey, premiumClaims().build())))
					.isInstanceOf(TokenVerifier.Verified.class);
			issuer.publish(issuerKey, rotatedKey);
			clock.advance(Duration.ofSeconds(30));

			TokenVerifier.Verification verification = verifier.verify(sign(rotatedKey, premiumClaims().build()));

			assertThat(verification).isInstanceOf(TokenVerifier.Verified.class);
			assertThat(issuer.requests()).isEqualTo(2);
		}
	}

	@Test
	void floodOfUnknownKidsRefetchesAtMostOncePerInterval() {
		MutableClock clock = new MutableClock(NOW);
		try (TestJwksServer issuer = TestJwksServer.serving(issuerKey)) {
			TokenVerifier verifier = verifier(issuer, clock);
			assertThat(verifier.verify(sign(issuerKey, premiumClaims().build())))
					.isInstanceOf(TokenVerifier.Verified.class);

			for (int i = 0; i < 100; i++) {
				assertThat(verifier.verify(bogusKidToken(i))).isEqualTo(INVALID);
			}
			assertThat(issuer.requests()).isEqualTo(1);

			clock.advance(Duration.ofSeconds(31));
			for (int i = 100; i < 200; i++) {
				assertThat(verifier.verify(bogusKidToken(i))).isEqualTo(INVALID);
			}
			assertThat(issuer.requests()).isEqualTo(2);
		}
	}

	@Test
	void concurrentFloodOfUnknownKidsRefetchesAtMostOnce() throws Exception {
		try (TestJwksServer issuer = TestJwksServer.serving(issuerKey)) {
			TokenVerifier verifier = verifier(issuer, this.clock);
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				tokens.add(bogusKidToken(i));
			}
			ExecutorService threads = Executors.newFixedThreadPool(8);
			try {
				List<Callable<TokenVerifier.Verification>> calls = new ArrayList<>();
				for (int round = 0; round < 10; round++) {
					for (String token : tokens) {
						calls.add(() -> verifier.verify(token));
					}
				}
				for (Future<TokenVerifier.Verification> result : threads.invokeAll(calls)) {
					assertThat(result.get()).isEqualTo(INVALID);
				}
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(issuer.requests()).isEqualTo(1);
		}
	}

	@Test
	void cachedKeysAreFetchedAgainAfterTheirLifetime() {
		MutableClock clock = new MutableClock(NOW);
		try (TestJwksServer issuer = TestJwksServer.serving(issuerKey)) {
			TokenVerifier verifier = TokenVerifier.builder()
					.issuer(TestTokens.ISSUER)
					.audience(TestTokens.AUDIENCE)
					.jwksUri(issuer.jwksUri())
					.clock(clock)
					.cacheLifetime(Duration.ofMinutes(1))
					.build();
			String token = sign(issuerKey, premiumClaims().build());
			assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Verified.class);
			issuer.publish(rotatedKey);
			clock.advance(Duration.ofMinutes(1));

			assertThat(verifier.verify(sign(rotatedKey, premiumClaims().build())))
					.isInstanceOf(TokenVerifier.Verified.class);
			assertThat(verifier.verify(token)).isEqualTo(INVALID);
			assertThat(issuer.requests()).isEqualTo(2);
		}
	}

	@Test
	void unreachableJwksMakesTokensInvalidWithoutException() {
		try (TestJwksServer issuer = TestJwksServer.serving(issuerKey).failWith(500)) {
			TokenVerifier verifier = verifier(issuer, this.clock);

			assertThat(verifier.verify(sign(issuerKey, premiumClaims().build()))).isEqualTo(INVALID);
			assertThat(issuer.requests()).isEqualTo(1);
		}
	}

	@Test
	void builderNeedsExactlyOneKeySource() {
		assertThatIllegalStateException().isThrownBy(
				() -> TokenVerifier.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).build());
	}

	@Test
	void decidingFromARawTokenDeniesAnExpiredTokenAsExpired() {
		String token = sign(issuerKey, premiumClaims().expirationTime(Date.from(NOW.minusSeconds(120))).build());

		Decision decision = verifier().decide(token, AccessPolicy.standard(TierCatalog.standard()),
				ContentRequirement.of("film-42"), Context.at(NOW));

		assertThat(decision).isEqualTo(Decision.deny(Reason.TOKEN_EXPIRED));
	}

	@Test
	void decidingFromARawTokenDeniesGarbageAsInvalid() {
		Decision decision = verifier().decide("not-a-token", AccessPolicy.standard(TierCatalog.standard()),
				ContentRequirement.of("film-42"), Context.at(NOW));

		assertThat(decision).isEqualTo(Decision.deny(Reason.TOKEN_INVALID));
	}

	@Test
	void decidingFromARawTokenAppliesThePolicyToItsClaims() {
		String token = sign(issuerKey, premiumClaims().build());
		AccessPolicy policy = AccessPolicy.standard(TierCatalog.standard());

		Decision onItsDevice = verifier().decide(token, policy,
				ContentRequirement.of("fight").requiringTier("premium").payPerView("fight-night-2026-12"),
				Context.at(NOW).onDevice(TestClaims.DEVICE));
		Decision elsewhere = verifier().decide(token, policy, ContentRequirement.of("film-42"),
				Context.at(NOW).onDevice("kitchen-tablet"));

		assertThat(onItsDevice).isSameAs(Decision.permit());
		assertThat(elsewhere).isEqualTo(Decision.deny(Reason.DEVICE_MISMATCH));
	}

	private static String bogusKidToken(int i) {
		JWSHeader header = TestTokens.header(attackerKey).keyID("bogus-" + i).build();
		return sign(header, premiumClaims().build(), TestTokens.signer(attackerKey));
	}

}
