package io.turnstile.auth.device;

import java.net.URI;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Authorization;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.ChangeFeed;
import io.turnstile.entitlements.Device;
import io.turnstile.entitlements.Devices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device registry: the tier's device limit at sign-in, the person's device list, and signing devices
 * out so that their tokens stop working everywhere and content services hear of it.
 */
@TurnstileTest
class DevicesIntegrationTests {

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	ChangeFeed feed;

	@Autowired
	Devices devices;

	OAuthTestClient oauth;

	ApiTestClient api;

	@BeforeEach
	void setUp() {
		this.oauth = new OAuthTestClient(this.port);
		this.api = new ApiTestClient(this.oauth);
	}

	@Test
	void signInBeyondTheTiersDeviceLimitFailsWithTheLimitUntilOneIsSignedOut() throws Exception {
		Person person = this.people.signUp("devices-limit@example.com", PASSWORD, null);
		OIDCTokens phone = this.oauth.signIn(person.email(), PASSWORD, "openid");
		this.oauth.signIn(person.email(), PASSWORD, "openid");

		HTTPResponse third = exchangeNewSignIn(person);

		assertThat(third.getStatusCode()).isEqualTo(400);
		assertThat(TokenErrorResponse.parse(third).getErrorObject().getCode()).isEqualTo("invalid_grant");
		assertThat(third.getBodyAsJSONObject().get("error_description")).isEqualTo("device limit reached");
		assertThat(third.getBodyAsJSONObject().get("device_limit")).isEqualTo(2L);
		assertThat(devices(phone)).hasSize(2);

		String did = SignedJWT.parse(phone.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");
		assertThat(this.api.send("DELETE", "/api/me/devices/" + did, phone.getAccessToken().getValue(), null).status())
			.isEqualTo(204);
		assertThat(exchangeNewSignIn(person).getStatusCode()).isEqualTo(200);
	}

	@Test
	void personSeesTheirDevicesWithTheCurrentOneMarked() throws Exception {
		Person person = this.people.signUp("devices-list@example.com", PASSWORD, null);
		OIDCTokens laptop = this.oauth.signIn(person.email(), PASSWORD, "openid");
		this.oauth.signIn(person.email(), PASSWORD, "openid");

		List<JsonNode> devices = devices(laptop);

		String did = SignedJWT.parse(laptop.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");
		assertThat(devices).hasSize(2);
		assertThat(devices).filteredOn((device) -> device.get("current").asBoolean())
			.singleElement()
			.satisfies((device) -> {
				assertThat(device.get("id").asString()).isEqualTo(did);
				assertThat(device.get("clientId").asString()).isEqualTo("demo-web");
				assertThat(device.get("name").asString()).startsWith("Demo web app");
				assertThat(device.get("firstSeen").asLong()).isPositive();
				assertThat(device.get("lastSeen").asLong()).isPositive();
			});
	}

	@Test
	void refreshingMovesOnlyTheDevicesLastSeen() throws Exception {
		Person person = this.people.signUp("devices-seen@example.com", PASSWORD, null);
		OIDCTokens tv = this.oauth.signIn(person.email(), PASSWORD, "openid");
		String did = SignedJWT.parse(tv.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");
		Device before = this.devices.find(did).orElseThrow();

		assertThat(this.oauth.refresh(OAuthTestClient.DEMO_WEB, tv.getRefreshToken()).getStatusCode()).isEqualTo(200);

		Device after = this.devices.find(did).orElseThrow();
		assertThat(after.lastSeen()).isAfter(before.lastSeen());
		assertThat(after.firstSeen()).isEqualTo(before.firstSeen());
		assertThat(after.name()).isEqualTo(before.name());
		assertThat(this.devices.active(new AccountId(person.id()))).extracting(Device::id).containsExactly(did);
	}

	@Test
	void signingADeviceOutRevokesItsTokensEverywhereAndReachesTheChangeFeed() throws Exception {
		Person person = this.people.signUp("devices-signout@example.com", PASSWORD, null);
		OIDCTokens lost = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		OIDCTokens phone = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		String lostDevice = SignedJWT.parse(lost.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");
		String lostJti = SignedJWT.parse(lost.getAccessToken().getValue()).getJWTClaimsSet().getJWTID();
		long head = this.feed.head();

		Response signOut = this.api.send("DELETE", "/api/me/devices/" + lostDevice, phone.getAccessToken().getValue(),
				null);

		assertThat(signOut.status()).isEqualTo(204);
		assertThat(this.oauth.introspect(lost.getAccessToken()).isActive()).isFalse();
		assertThat(this.oauth.introspect(lost.getRefreshToken()).isActive()).isFalse();
		assertThat(TokenErrorResponse.parse(this.oauth.refresh(OAuthTestClient.DEMO_WEB, lost.getRefreshToken()))
			.getErrorObject()
			.getCode()).isEqualTo("invalid_grant");
		assertThat(this.api.get("/api/me/devices", lost.getAccessToken().getValue()).status()).isEqualTo(401);
		assertThat(this.oauth.introspect(phone.getAccessToken()).isActive()).isTrue();
		assertThat(this.feed.after(head, 10)).anySatisfy((entry) -> {
			assertThat(entry.userId()).isEqualTo(new AccountId(person.id()));
			assertThat(entry.revokedDeviceIds()).containsExactly(lostDevice);
			assertThat(entry.revokedTokenIds()).containsExactly(lostJti);
			assertThat(entry.reason()).isEqualTo("device-signed-out");
		});
	}

	@Test
	void signOutEverywhereEndsEveryDevice() throws Exception {
		Person person = this.people.signUp("devices-everywhere@example.com", PASSWORD, null);
		OIDCTokens one = this.oauth.signIn(person.email(), PASSWORD, "openid");
		OIDCTokens two = this.oauth.signIn(person.email(), PASSWORD, "openid");

		assertThat(this.api.send("DELETE", "/api/me/devices", two.getAccessToken().getValue(), null).status())
			.isEqualTo(204);

		assertThat(this.oauth.introspect(one.getAccessToken()).isActive()).isFalse();
		assertThat(this.oauth.introspect(two.getAccessToken()).isActive()).isFalse();
		OIDCTokens again = this.oauth.signIn(person.email(), PASSWORD, "openid");
		assertThat(devices(again)).hasSize(1);
	}

	@Test
	void someoneElsesDeviceCannotBeSignedOut() throws Exception {
		Person owner = this.people.signUp("devices-owner@example.com", PASSWORD, null);
		Person other = this.people.signUp("devices-other@example.com", PASSWORD, null);
		OIDCTokens ownerTokens = this.oauth.signIn(owner.email(), PASSWORD, "openid");
		OIDCTokens otherTokens = this.oauth.signIn(other.email(), PASSWORD, "openid");
		String ownerDevice = SignedJWT.parse(ownerTokens.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");

		Response response = this.api.send("DELETE", "/api/me/devices/" + ownerDevice,
				otherTokens.getAccessToken().getValue(), null);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("type").asString()).isEqualTo("/problems/unknown-device");
		assertThat(this.oauth.introspect(ownerTokens.getAccessToken()).isActive()).isTrue();
	}

	@Test
	void accountPageListsDevicesAndSignsOneOut() throws Exception {
		Person person = this.people.signUp("devices-page@example.com", PASSWORD, null);
		OIDCTokens tv = this.oauth.signIn(person.email(), PASSWORD, "openid");
		String did = SignedJWT.parse(tv.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");
		OAuthTestClient.Browser browser = this.oauth.browser();
		browser.signIn(person.email(), PASSWORD);

		String page = browser.get(this.oauth.uri("/")).body();
		java.net.http.HttpResponse<String> signedOut = browser.submit(this.oauth.uri("/"),
				this.oauth.uri("/account/devices/" + did + "/sign-out"), java.util.Map.of());

		assertThat(page).contains("Demo web app").contains("Sign out everywhere").contains("free");
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/?signedOut");
		assertThat(this.oauth.introspect(tv.getAccessToken()).isActive()).isFalse();
	}

	private List<JsonNode> devices(OIDCTokens tokens) throws Exception {
		Response response = this.api.get("/api/me/devices", tokens.getAccessToken().getValue());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().valueStream().toList();
	}

	private HTTPResponse exchangeNewSignIn(Person person) throws Exception {
		Authorization authorization = this.oauth.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid");
		URI callback = this.oauth.browser().authorize(authorization, person.email(), PASSWORD);
		return this.oauth.exchangeCode(OAuthTestClient.DEMO_WEB,
				new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")), OAuthTestClient.DEMO_WEB_REDIRECT,
				authorization.verifier());
	}

}
