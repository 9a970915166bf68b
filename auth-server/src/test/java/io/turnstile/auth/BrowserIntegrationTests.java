package io.turnstile.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
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
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.page.Times;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pages in a real browser (Debian's headless Chromium), the way people and operators use them: one
 * browser for the whole class, cookies cleared between tests. Every page visited must have a label for
 * every field and raise no Content-Security-Policy violation. A failure leaves a screenshot under
 * {@code target/screenshots/}.
 */
@TurnstileTest
@ExtendWith(Chromium.class)
class BrowserIntegrationTests {

	static final String PASSWORD = "correct horse battery";

	static final ClientID TV = new ClientID("demo-tv");

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	Devices devices;

	Pages pages;

	OAuthTestClient oauth;

	@BeforeEach
	void setUp(ChromeDriver browser) {
		String base = "http://localhost:" + this.port;
		this.pages = new Pages(browser, base);
		this.oauth = new OAuthTestClient(base);
		this.pages.startOver();
	}

	/** Swagger UI is not ours: only its policy is checked. */
	@AfterEach
	void everyPageVisitedLastIsLabelledAndKeptItsPolicy() {
		if (!this.pages.path().startsWith("/swagger-ui/")) {
			assertThat(this.pages.unlabelledFields()).as("fields without a label on " + this.pages.path()).isEmpty();
		}
		assertThat(this.pages.cspViolations()).as("CSP violations on " + this.pages.path()).isEmpty();
	}

	@Test
	void personSignsUpAndLandsOnTheirAccountPage() {
		this.pages.open("/login");
		this.pages.browser().findElement(By.linkText("Create an account")).click();
		assertThat(this.pages.heading()).isEqualTo("Create an account");
		assertThat(this.pages.unlabelledFields()).isEmpty();
		this.pages.fill("E-mail", "browser-signup@example.com");
		this.pages.fill("Your name (optional)", "Browser Person");
		this.pages.fill("Password", PASSWORD);
		this.pages.fill("Repeat the password", PASSWORD);
		this.pages.press("Create account");

		this.pages.waitForText("Your account");
		assertThat(this.pages.path()).isEqualTo("/");
		assertThat(this.pages.text()).contains("Browser Person")
			.contains("browser-signup@example.com")
			.contains("Free")
			.contains("The free plan")
			.contains("You have no passes")
			.contains("Nothing is playing.");
		assertThat(this.people.findByEmail("browser-signup@example.com")).isPresent();
	}

	@Test
	void signUpWithMismatchedPasswordsSaysWhichFieldIsWrong() {
		this.pages.open("/signup");
		this.pages.fill("E-mail", "browser-mismatch@example.com");
		this.pages.fill("Password", PASSWORD);
		this.pages.fill("Repeat the password", PASSWORD + "!");
		this.pages.press("Create account");

		this.pages.waitForText("The passwords do not match.");
		assertThat(this.pages.field("Repeat the password").getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(this.people.findByEmail("browser-mismatch@example.com")).isEmpty();
	}

	@Test
	void personSignsInToAnAppWithPkceAndGrantsConsent() throws Exception {
		Person person = this.people.signUp("browser-pkce@example.com", PASSWORD, "Pkce Person");
		OAuthTestClient.Authorization authorization = this.oauth.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid profile entitlements offline_access");

		this.pages.open(authorization.requestUri().toString());
		this.pages.waitUntil((driver) -> this.pages.path().equals("/login"));
		this.pages.fill("E-mail", person.email());
		this.pages.fill("Password", PASSWORD);
		this.pages.press("Sign in");
		this.pages.waitForText("would like to use your");
		assertThat(this.pages.heading()).isEqualTo("Demo web app would like to use your Turnstile account");
		assertThat(this.pages.text()).contains("Signed in as browser-pkce@example.com")
			.contains("Sign you in")
			.contains("See your name")
			.contains("See your plan and passes")
			.contains("Keep you signed in on this device");
		assertThat(this.pages.unlabelledFields()).isEmpty();
		assertThat(this.pages.cspViolations()).isEmpty();
		this.pages.press("Allow");

		URI callback = URI.create(this.pages.waitUntil(
				(driver) -> driver.getCurrentUrl().startsWith(OAuthTestClient.DEMO_WEB_REDIRECT + "?") ? driver.getCurrentUrl()
						: null));
		assertThat(OAuthTestClient.queryParameter(callback, "state")).isEqualTo(authorization.state().getValue());
		assertThat(OAuthTestClient.queryParameter(callback, "iss")).isEqualTo(this.oauth.issuer());
		TokenResponse response = OAuthTestClient.parseOidc(this.oauth.exchangeCode(OAuthTestClient.DEMO_WEB,
				new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")), OAuthTestClient.DEMO_WEB_REDIRECT,
				authorization.verifier()));
		assertThat(response.indicatesSuccess()).isTrue();
		OIDCTokens tokens = ((com.nimbusds.openid.connect.sdk.OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
		assertThat(tokens.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(person.id());
		assertThat(tokens.getRefreshToken()).isNotNull();
		this.pages.startOver();
	}

	@Test
	void signInWorksWithTheKeyboardAlone() {
		Person person = this.people.signUp("browser-keyboard@example.com", PASSWORD, null);
		this.pages.open("/login");

		org.openqa.selenium.WebElement email = this.pages.browser().findElement(org.openqa.selenium.By.id("email"));
		// Focus on arrival is up to the browser window having focus (not so in headless CI): check the page asks for it.
		assertThat(email.getDomAttribute("autofocus")).as("the e-mail field asks for focus on arrival").isNotNull();
		email.sendKeys(person.email(), Keys.TAB);
		assertThat(this.pages.focused()).isEqualTo("password");
		this.pages.browser().switchTo().activeElement().sendKeys(PASSWORD, Keys.TAB);
		assertThat(this.pages.browser().switchTo().activeElement().getText()).isEqualTo("Sign in");
		this.pages.browser().switchTo().activeElement().sendKeys(Keys.ENTER);

		this.pages.waitForText("Your account");
		assertThat(this.pages.path()).isEqualTo("/");
	}

	@Test
	void wrongPasswordSaysSoOnTheSignInPage() {
		this.people.signUp("browser-wrong@example.com", PASSWORD, null);
		this.pages.open("/login");
		this.pages.fill("E-mail", "browser-wrong@example.com");
		this.pages.fill("Password", "not the password");
		this.pages.press("Sign in");

		this.pages.waitForText("Wrong e-mail or password.");
		assertThat(this.pages.path()).isEqualTo("/login");
	}

	@Test
	void tvIsSignedInWithACodeApprovedInTheBrowserWhileItPolls() throws Exception {
		Person person = this.people.signUp("browser-tv@example.com", PASSWORD, null);
		DeviceAuthorizationSuccessResponse authorization = deviceAuthorization("Living-room TV");
		CompletableFuture<Tokens> tv = CompletableFuture.supplyAsync(() -> pollUntilSignedIn(authorization));

		this.pages.signIn(person.email(), PASSWORD);
		this.pages.open("/activate");
		this.pages.fill("Code shown on your TV", authorization.getUserCode().getValue().toLowerCase().replace("-", ""));
		this.pages.press("Continue");
		this.pages.waitForText("Only continue if this code is on the screen in front of you");
		assertThat(this.pages.heading()).isEqualTo("Sign in Demo TV app on Living-room TV?");
		assertThat(this.pages.text()).contains(authorization.getUserCode().getValue());
		this.pages.press("Continue");
		this.pages.waitForText("would like to use your");
		this.pages.press("Allow");
		this.pages.waitForText("Your TV is signed in");

		Tokens tokens = tv.get(30, TimeUnit.SECONDS);
		var claims = SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo(person.id());
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-tv");
		this.pages.browser().findElement(By.linkText("See your devices")).click();
		this.pages.waitForText("Your devices");
		assertThat(this.pages.text()).contains("Living-room TV");
	}

	@Test
	void tvCodeDeniedOnTheConsentPageLeavesTheTvSignedOutAndSaysSo() throws Exception {
		Person person = this.people.signUp("browser-tv-deny@example.com", PASSWORD, null);
		DeviceAuthorizationSuccessResponse authorization = deviceAuthorization("Kitchen TV");

		this.pages.signIn(person.email(), PASSWORD);
		this.pages.open(authorization.getVerificationURIComplete().toString());
		this.pages.press("Continue");
		this.pages.waitForText("would like to use your");
		this.pages.press("Cancel");

		this.pages.waitForText("Your TV was not signed in");
		assertThat(this.pages.button("Enter a new code").getAttribute("href")).endsWith("/activate");
		await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(10))
			.until(() -> "access_denied".equals(error(poll(authorization))));
	}

	@Test
	void expiredOrUnknownTvCodeIsRefusedWithAWayToTryAgain() {
		Person person = this.people.signUp("browser-tv-expired@example.com", PASSWORD, null);
		this.pages.signIn(person.email(), PASSWORD);

		this.pages.open("/activate?user_code=BCDF-GHJK");

		this.pages.waitForText("That code is not valid or has expired");
		assertThat(this.pages.field("Code shown on your TV").isDisplayed()).isTrue();
		assertThat(this.pages.heading()).isEqualTo("Sign in a TV or other device");
	}

	@Test
	void unknownAppShowsAnErrorPageWithAWayBack() {
		this.pages.open("/oauth2/authorize?response_type=code&client_id=no-such-app&scope=openid&state=s"
				+ "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb");

		assertThat(this.pages.heading()).isEqualTo("We don't know this app");
		this.pages.press("Go to your account");
		this.pages.waitUntil((driver) -> this.pages.path().equals("/login"));
	}

	@Test
	void deviceSignedOutOnTheAccountPageHasItsTokensRefused() throws Exception {
		Person person = this.people.signUp("browser-signout@example.com", PASSWORD, null);
		OIDCTokens app = this.oauth.signIn(person.email(), PASSWORD, "openid offline_access");
		String did = SignedJWT.parse(app.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("did");
		String name = this.devices.find(did).orElseThrow().name();
		assertThat(this.oauth.introspect(app.getAccessToken()).isActive()).isTrue();

		this.pages.signIn(person.email(), PASSWORD);
		assertThat(this.pages.text()).contains(name).contains("1 of 2 in use");
		this.pages.press("Sign out " + name);

		this.pages.waitForText("The device is signed out.");
		assertThat(this.pages.text()).contains("No apps or TVs are signed in.");
		assertThat(this.oauth.introspect(app.getAccessToken()).isActive()).isFalse();
		assertThat(error(this.oauth.refresh(OAuthTestClient.DEMO_WEB, app.getRefreshToken()))).isEqualTo("invalid_grant");
	}

	@Test
	void operatorCompsAPassInTheConsoleAndThePersonsAccountShowsIt() {
		Person person = this.people.signUp("browser-comp@example.com", PASSWORD, "Comp Viewer");
		Instant starts = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS);
		this.entitlements.defineEvent(new PayPerViewEvent("browser-gala-2026", "Browser Gala", starts,
				starts.plus(Duration.ofHours(3)), Duration.ofMinutes(30), Duration.ofHours(48)),
				new Change("tests", "catalog for browser tests"));

		this.pages.signIn("demo@turnstile.local", TurnstileTest.DEMO_PASSWORD);
		this.pages.open("/admin");
		assertThat(this.pages.heading()).isEqualTo("Operator console");
		this.pages.fill("E-mail address or person id", person.email());
		this.pages.press("Find");
		this.pages.waitForText("Comp a pay-per-view pass");
		assertThat(this.pages.heading()).isEqualTo("Comp Viewer");
		assertThat(this.pages.unlabelledFields()).isEmpty();
		new Select(this.pages.field("Event")).selectByValue("browser-gala-2026");
		this.pages.fill("Reason for the pass", "Sorry for the buffering");
		this.pages.press("Comp pass");
		this.pages.waitForText("Comped a pass for browser-gala-2026.");
		assertThat(this.pages.text()).contains("Browser Gala").contains("Sorry for the buffering");
		assertThat(this.pages.cspViolations()).isEmpty();

		this.pages.startOver();
		this.pages.signIn(person.email(), PASSWORD);
		assertThat(this.pages.browser().findElement(By.cssSelector(".passes li")).getText()).contains("Browser Gala")
			.contains("Opens " + Times.dateTime(starts.minus(Duration.ofMinutes(30))))
			.contains("Watch from " + Times.dateTime(starts.minus(Duration.ofMinutes(30))) + " until "
					+ Times.dateTime(starts.plus(Duration.ofHours(51))));
	}

	@Test
	void personWithoutTheAdminRoleCannotOpenTheConsole() {
		Person person = this.people.signUp("browser-not-operator@example.com", PASSWORD, null);
		this.pages.signIn(person.email(), PASSWORD);

		assertThat(this.pages.text()).doesNotContain("Operator console");
		this.pages.open("/admin");
		assertThat(this.pages.heading()).isEqualTo("That didn't work");
	}

	@Test
	void apiReferenceRendersInSwaggerUiUnderItsPolicy() {
		this.pages.open("/swagger-ui.html");

		this.pages.waitUntil((driver) -> driver.findElements(By.cssSelector(".opblock")).size() > 20);
		assertThat(this.pages.text()).contains("Turnstile API").contains("/api/tiers").contains("/admin/clients");
	}

	private DeviceAuthorizationSuccessResponse deviceAuthorization(String deviceName) throws Exception {
		DeviceAuthorizationResponse response = DeviceAuthorizationResponse
			.parse(new DeviceAuthorizationRequest.Builder(TV).scope(Scope.parse("profile entitlements offline_access"))
				.customParameter("device_name", deviceName)
				.endpointURI(this.oauth.uri("/oauth2/device_authorization"))
				.build()
				.toHTTPRequest()
				.send());
		assertThat(response.indicatesSuccess()).isTrue();
		return response.toSuccessResponse();
	}

	/** The TV: polls at the interval the server asked for until it gets tokens (or a refusal). */
	private Tokens pollUntilSignedIn(DeviceAuthorizationSuccessResponse authorization) {
		Duration interval = Duration.ofSeconds(authorization.getInterval()).plusMillis(100);
		TokenResponse[] answer = new TokenResponse[1];
		await().pollDelay(interval).pollInterval(interval).atMost(Duration.ofSeconds(60)).until(() -> {
			TokenResponse response = TokenResponse.parse(poll(authorization));
			if (response.indicatesSuccess()) {
				answer[0] = response;
				return true;
			}
			String code = response.toErrorResponse().getErrorObject().getCode();
			assertThat(code).as("the TV is told to wait").isIn("authorization_pending", "slow_down");
			return false;
		});
		return answer[0].toSuccessResponse().getTokens();
	}

	private HTTPResponse poll(DeviceAuthorizationSuccessResponse authorization) throws Exception {
		return new TokenRequest(this.oauth.uri("/oauth2/token"), TV, new DeviceCodeGrant(authorization.getDeviceCode()))
			.toHTTPRequest()
			.send();
	}

	private static String error(HTTPResponse response) throws Exception {
		return TokenErrorResponse.parse(response).getErrorObject().getCode();
	}

}
