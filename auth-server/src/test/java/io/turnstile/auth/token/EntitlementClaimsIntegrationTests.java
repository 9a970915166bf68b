package io.turnstile.auth.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Authorization;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.PayPerViewGrant;
import io.turnstile.entitlements.TierSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Person tokens carry what the person paid for: {@code ent} and {@code did} in access tokens, {@code tier}
 * in the id token and userinfo with the {@code entitlements} scope; a change shows at the next refresh.
 */
@TurnstileTest
class EntitlementClaimsIntegrationTests {

	static final Change OPERATOR = new Change("test-operator", "test");

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	PlatformTransactionManager transactionManager;

	OAuthTestClient client;

	@BeforeEach
	void setUp() {
		this.client = new OAuthTestClient(this.port);
	}

	@Test
	void compGrantChangesTheNextTokensEntAndVer() throws Exception {
		Person person = this.people.signUp("ent-comp@example.com", "correct horse battery", null);
		OIDCTokens first = signIn(person, "openid entitlements offline_access");
		JWTClaimsSet before = claims(first.getAccessToken().getValue());

		this.entitlements.compTier(new AccountId(person.id()), "premium", null, OPERATOR);
		Tokens refreshed = TokenResponse.parse(this.client.refresh(OAuthTestClient.DEMO_WEB, first.getRefreshToken()))
			.toSuccessResponse()
			.getTokens();
		JWTClaimsSet after = claims(refreshed.getAccessToken().getValue());

		Map<String, Object> entBefore = before.getJSONObjectClaim("ent");
		assertThat(entBefore.get("tier")).isEqualTo("free");
		assertThat(entBefore.get("features")).isEqualTo(List.of("sd"));
		assertThat(entBefore.get("streams")).isEqualTo(1L);
		assertThat(entBefore.get("ppv")).isEqualTo(List.of());
		assertThat(entBefore.get("ver")).isEqualTo(0L);
		Map<String, Object> entAfter = after.getJSONObjectClaim("ent");
		assertThat(entAfter.get("tier")).isEqualTo("premium");
		assertThat(entAfter.get("features")).isEqualTo(List.of("ad_free", "downloads", "hd", "sd", "uhd"));
		assertThat(entAfter.get("streams")).isEqualTo(4L);
		assertThat(entAfter.get("ver")).isEqualTo(1L);
		assertThat(before.getStringClaim("did")).isNotBlank().isEqualTo(after.getStringClaim("did"));
	}

	@Test
	void onlyPassesWhoseWindowOverlapsTheTokenLifetimeGoIn() throws Exception {
		Person person = this.people.signUp("ent-ppv@example.com", "correct horse battery", null);
		Instant now = Instant.now();
		this.entitlements.defineEvent(new PayPerViewEvent("ent-live-now", "Live now", now.minusSeconds(600),
				now.plusSeconds(3600), Duration.ofMinutes(30), Duration.ofHours(48)), OPERATOR);
		this.entitlements.defineEvent(new PayPerViewEvent("ent-next-month", "Next month", now.plus(Duration.ofDays(30)),
				now.plus(Duration.ofDays(30)).plusSeconds(3600), Duration.ofMinutes(30), Duration.ofHours(48)), OPERATOR);
		this.entitlements.grantPayPerView(new AccountId(person.id()), "ent-live-now", "comp", OPERATOR);
		this.entitlements.grantPayPerView(new AccountId(person.id()), "ent-next-month", "comp", OPERATOR);

		JWTClaimsSet claims = claims(signIn(person, "openid").getAccessToken().getValue());

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> passes = (List<Map<String, Object>>) claims.getJSONObjectClaim("ent").get("ppv");
		assertThat(passes).hasSize(1);
		assertThat(passes.get(0).get("id")).isEqualTo("ent-live-now");
		assertThat(passes.get(0).get("nbf")).isEqualTo(now.minusSeconds(600).minus(Duration.ofMinutes(30)).getEpochSecond());
		assertThat(passes.get(0).get("exp")).isEqualTo(now.plusSeconds(3600).plus(Duration.ofHours(48)).getEpochSecond());
		assertThat(claims.getJSONObjectClaim("ent").get("ver")).isEqualTo(2L);
	}

	/** Tokens read the snapshot by JDBC; callers inside a transaction read it through JPA. */
	@Test
	void snapshotReadOutsideATransactionEqualsTheOneReadInside() {
		Person person = this.people.signUp("ent-parity@example.com", "correct horse battery", null);
		AccountId id = new AccountId(person.id());
		Instant now = Instant.now();
		this.entitlements.defineEvent(new PayPerViewEvent("ent-parity-live", "Live", now.minusSeconds(600),
				now.plusSeconds(3600), Duration.ofMinutes(30), Duration.ofHours(48)), OPERATOR);
		this.entitlements.defineEvent(new PayPerViewEvent("ent-parity-gone", "Revoked", now.minusSeconds(600),
				now.plusSeconds(3600), Duration.ofMinutes(30), Duration.ofHours(48)), OPERATOR);
		this.entitlements.grantPayPerView(id, "ent-parity-live", "comp", OPERATOR);
		long revoked = this.entitlements.grantPayPerView(id, "ent-parity-gone", "comp", OPERATOR).id();
		this.entitlements.revokePayPerView(id, revoked, OPERATOR);
		this.entitlements.recordSubscription(id, new BillingSubscription("sub_parity", "active", "standard", true,
				now.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), true), OPERATOR);
		this.entitlements.compTier(id, "premium", now.plus(Duration.ofDays(7)), OPERATOR);

		EntitlementSnapshot outside = this.entitlements.current(id);
		EntitlementSnapshot inside = new TransactionTemplate(this.transactionManager)
			.execute((status) -> this.entitlements.current(id));

		assertThat(outside).isEqualTo(inside);
		assertThat(outside.tier().code()).isEqualTo("premium");
		assertThat(outside.tierSource()).isEqualTo(TierSource.COMP);
		assertThat(outside.subscription()).isNotNull();
		assertThat(outside.subscription().cancelAtPeriodEnd()).isTrue();
		assertThat(outside.payPerView()).extracting(PayPerViewGrant::eventId).containsExactly("ent-parity-live");
		assertThat(outside.minimumVer()).isEqualTo(this.entitlements.minimumVersion(id)).isPositive();
	}

	@Test
	void idTokenAndUserinfoCarryTheTierOnlyWithTheEntitlementsScope() throws Exception {
		Person person = this.people.signUp("ent-idtoken@example.com", "correct horse battery", "Tier Person");
		this.entitlements.compTier(new AccountId(person.id()), "standard", null, OPERATOR);

		OIDCTokens with = signIn(person, "openid entitlements");
		OIDCTokens without = signIn(person, "openid profile");

		assertThat(with.getIDToken().getJWTClaimsSet().getStringClaim("tier")).isEqualTo("standard");
		assertThat(without.getIDToken().getJWTClaimsSet().getClaim("tier")).isNull();
		assertThat(userInfo(with).get("tier")).isEqualTo("standard");
		assertThat(userInfo(without).get("tier")).isNull();
		assertThat(claims(without.getAccessToken().getValue()).getJSONObjectClaim("ent").get("tier"))
			.as("access tokens always carry ent").isEqualTo("standard");
	}

	private Map<String, Object> userInfo(OIDCTokens tokens) throws Exception {
		UserInfoResponse response = UserInfoResponse
			.parse(new UserInfoRequest(this.client.uri("/userinfo"), tokens.getBearerAccessToken()).toHTTPRequest()
				.send());
		return response.toSuccessResponse().getUserInfo().toJSONObject();
	}

	private OIDCTokens signIn(Person person, String scope) throws Exception {
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, scope);
		URI callback = this.client.browser().authorize(authorization, person.email(), "correct horse battery");
		return ((OIDCTokenResponse) OAuthTestClient
			.parseOidc(this.client.exchangeCode(OAuthTestClient.DEMO_WEB,
					new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")),
					OAuthTestClient.DEMO_WEB_REDIRECT, authorization.verifier()))
			.toSuccessResponse()).getOIDCTokens();
	}

	private static JWTClaimsSet claims(String jwt) throws Exception {
		return SignedJWT.parse(jwt).getJWTClaimsSet();
	}

}
