package io.turnstile.auth.device;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Browser;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Devices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device authorization grant (RFC 8628) end to end with the Nimbus SDK as the TV and a browser on
 * the phone: codes easy to type, {@code /activate}, consent, polling rules, and the device registry.
 * The test profile polls every second.
 */
@TurnstileTest
class DeviceAuthorizationGrantIntegrationTests {

	static final ClientID TV = new ClientID("demo-tv");

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Devices devices;

	OAuthTestClient client;

	@BeforeEach
	void setUp() {
		this.client = new OAuthTestClient(this.port);
	}

	@Test
	void tvSignsInWithACodeApprovedInTheBrowser() throws Exception {
		Person person = this.people.signUp("tv-flow@example.com", PASSWORD, null);
		DeviceAuthorizationSuccessResponse authorization = authorize("profile entitlements offline_access",
				"Living-room TV");

		assertThat(authorization.getUserCode().getValue()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
		assertThat(authorization.getVerificationURI()).isEqualTo(this.client.uri("/activate"));
		assertThat(authorization.getVerificationURIComplete().toString())
			.startsWith(this.client.uri("/activate") + "?user_code=");
		assertThat(authorization.getInterval()).isEqualTo(1);
		assertThat(error(poll(authorization))).isEqualTo("authorization_pending");

		Browser phone = this.client.browser();
		phone.signIn(person.email(), PASSWORD);
		String typed = authorization.getUserCode().getValue().toLowerCase().replace("-", " ");
		HttpResponse<String> confirm = activate(phone, typed);
		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(confirm.body()).contains("Demo TV app").contains("Living-room TV").contains("See your plan and passes");
		approve(phone, confirm.body());

		Thread.sleep(1100);
		Tokens tokens = TokenResponse.parse(poll(authorization)).toSuccessResponse().getTokens();
		assertThat(tokens.getRefreshToken()).isNotNull();
		var claims = SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo(person.id());
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-tv");
		assertThat(claims.getJSONObjectClaim("ent").get("tier")).isEqualTo("free");
		assertThat(this.devices.active(new AccountId(person.id()))).singleElement().satisfies((device) -> {
			assertThat(device.id()).isEqualTo(claims.getStringClaim("did"));
			assertThat(device.name()).isEqualTo("Living-room TV");
			assertThat(device.clientId()).isEqualTo("demo-tv");
			assertThat(device.signInMethod()).isEqualTo("device_code");
		});
		Tokens refreshed = TokenResponse.parse(this.client.refresh(TV, tokens.getRefreshToken())).toSuccessResponse().getTokens();
		assertThat(refreshed.getRefreshToken().getValue()).isNotEqualTo(tokens.getRefreshToken().getValue());
	}

	@Test
	void tvBeyondTheDeviceLimitIsAccessDeniedWithTheLimit() throws Exception {
		Person person = this.people.signUp("tv-limit@example.com", PASSWORD, null);
		this.client.signIn(person.email(), PASSWORD, "openid");
		this.client.signIn(person.email(), PASSWORD, "openid");
		DeviceAuthorizationSuccessResponse authorization = authorize("profile", "Bedroom TV");
		Browser phone = this.client.browser();
		phone.signIn(person.email(), PASSWORD);
		HttpResponse<String> confirm = activate(phone, authorization.getUserCode().getValue());
		assertThat(confirm.body()).contains("all are in use");
		approve(phone, confirm.body());

		Thread.sleep(1100);
		HTTPResponse refused = poll(authorization);

		assertThat(error(refused)).isEqualTo("access_denied");
		assertThat(refused.getBodyAsJSONObject().get("device_limit")).isEqualTo(2L);
		assertThat(this.devices.active(new AccountId(person.id()))).hasSize(2);
	}

	@Test
	void pollingFasterThanTheIntervalIsToldToSlowDown() throws Exception {
		DeviceAuthorizationSuccessResponse authorization = authorize("profile", null);

		assertThat(error(poll(authorization))).isEqualTo("authorization_pending");
		assertThat(error(poll(authorization))).isEqualTo("slow_down");
	}

	@Test
	void deniedConsentIsAccessDenied() throws Exception {
		Person person = this.people.signUp("tv-deny@example.com", PASSWORD, null);
		DeviceAuthorizationSuccessResponse authorization = authorize("profile", null);
		Browser phone = this.client.browser();
		phone.signIn(person.email(), PASSWORD);
		HttpResponse<String> confirm = activate(phone, authorization.getUserCode().getValue());
		HttpResponse<String> consent = follow(phone,
				phone.post(this.client.uri("/oauth2/device_verification"), Map.of("user_code",
						List.of(OAuthTestClient.hiddenValue(confirm.body(), "user_code")), "_csrf",
						List.of(OAuthTestClient.hiddenValue(confirm.body(), "_csrf")))));
		Map<String, List<String>> cancel = new LinkedHashMap<>();
		cancel.put("client_id", List.of("demo-tv"));
		cancel.put("state", List.of(OAuthTestClient.hiddenValue(consent.body(), "state")));
		cancel.put("user_code", List.of(OAuthTestClient.hiddenValue(consent.body(), "user_code")));
		cancel.put("_csrf", List.of(OAuthTestClient.hiddenValue(consent.body(), "_csrf")));
		phone.post(this.client.uri("/oauth2/device_verification"), cancel);

		Thread.sleep(1100);
		assertThat(error(poll(authorization))).isEqualTo("access_denied");
	}

	@Test
	void wrongCodesAreRefusedAndThrottledPerSession() throws Exception {
		this.people.signUp("tv-guess@example.com", PASSWORD, null);
		Browser phone = this.client.browser();
		phone.signIn("tv-guess@example.com", PASSWORD);

		List<Integer> statuses = new java.util.ArrayList<>();
		for (int i = 0; i < 7; i++) {
			statuses.add(activate(phone, "BBBB-BBB" + "BCDFGHJ".charAt(i)).statusCode());
		}

		assertThat(statuses.subList(0, 5)).containsOnly(400);
		assertThat(statuses.get(6)).isEqualTo(429);
	}

	@Test
	void unknownDeviceCodeIsInvalidGrantAndPublicClientWithoutTheGrantIsRefused() throws Exception {
		HTTPResponse unknown = new TokenRequest(this.client.uri("/oauth2/token"), TV,
				new DeviceCodeGrant(new com.nimbusds.oauth2.sdk.device.DeviceCode("no-such-code")))
			.toHTTPRequest()
			.send();
		HTTPResponse webAsTv = new DeviceAuthorizationRequest.Builder(OAuthTestClient.DEMO_WEB)
			.endpointURI(this.client.uri("/oauth2/device_authorization"))
			.build()
			.toHTTPRequest()
			.send();

		assertThat(error(unknown)).isEqualTo("invalid_grant");
		assertThat(webAsTv.getStatusCode()).isEqualTo(400);
		assertThat(webAsTv.getBodyAsJSONObject().get("error")).isEqualTo("unauthorized_client");
	}

	@Test
	void qrCodeOfTheVerificationUriIsServedAsSvg() throws Exception {
		Browser tv = this.client.browser();

		HttpResponse<String> qr = tv.get(this.client.uri("/activate/qr?user_code=BCDF-GHJK"));
		HttpResponse<String> bad = tv.get(this.client.uri("/activate/qr?user_code=nope"));

		assertThat(qr.statusCode()).isEqualTo(200);
		assertThat(qr.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
		assertThat(qr.body()).startsWith("<svg").contains("<path");
		assertThat(bad.statusCode()).isEqualTo(400);
	}

	private DeviceAuthorizationSuccessResponse authorize(String scope, String deviceName) throws Exception {
		DeviceAuthorizationRequest.Builder request = new DeviceAuthorizationRequest.Builder(TV).scope(Scope.parse(scope))
			.endpointURI(this.client.uri("/oauth2/device_authorization"));
		if (deviceName != null) {
			request.customParameter("device_name", deviceName);
		}
		DeviceAuthorizationResponse response = DeviceAuthorizationResponse.parse(request.build().toHTTPRequest().send());
		assertThat(response.indicatesSuccess()).isTrue();
		return response.toSuccessResponse();
	}

	private HTTPResponse poll(DeviceAuthorizationSuccessResponse authorization) throws Exception {
		return new TokenRequest(this.client.uri("/oauth2/token"), TV, new DeviceCodeGrant(authorization.getDeviceCode()))
			.toHTTPRequest()
			.send();
	}

	private void approve(Browser phone, String confirmPage) throws Exception {
		HttpResponse<String> consent = follow(phone,
				phone.post(this.client.uri("/oauth2/device_verification"),
						Map.of("user_code", List.of(OAuthTestClient.hiddenValue(confirmPage, "user_code")), "_csrf",
								List.of(OAuthTestClient.hiddenValue(confirmPage, "_csrf")))));
		Map<String, List<String>> allow = new LinkedHashMap<>();
		allow.put("client_id", List.of("demo-tv"));
		allow.put("state", List.of(OAuthTestClient.hiddenValue(consent.body(), "state")));
		allow.put("user_code", List.of(OAuthTestClient.hiddenValue(consent.body(), "user_code")));
		allow.put("scope", List.of("profile", "entitlements", "offline_access").stream()
			.filter(consent.body()::contains)
			.toList());
		allow.put("_csrf", List.of(OAuthTestClient.hiddenValue(consent.body(), "_csrf")));
		HttpResponse<String> done = phone.post(this.client.uri("/oauth2/device_verification"), allow);
		assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/activate/done");
	}

	private static HttpResponse<String> follow(Browser browser, HttpResponse<String> response) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		return browser.get(URI.create(response.headers().firstValue("Location").orElseThrow()));
	}

	private HttpResponse<String> activate(Browser phone, String typed) throws Exception {
		return phone.submit(this.client.uri("/activate"), this.client.uri("/activate"), form("user_code", typed));
	}

	private static String error(HTTPResponse response) throws Exception {
		return TokenErrorResponse.parse(response).getErrorObject().getCode();
	}

	private static Map<String, List<String>> form(String name, String value) {
		return Map.of(name, List.of(value));
	}

}
