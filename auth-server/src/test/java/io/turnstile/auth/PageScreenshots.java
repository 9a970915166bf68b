package io.turnstile.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeSignatures;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import io.turnstile.entitlements.StreamLeases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshes {@code docs/screenshots/}: every page at 1280×900, the account page also at phone width
 * (390×844), over realistic data. Not part of the normal run; refresh with
 * {@code ./mvnw -pl auth-server -am test -Dtest=PageScreenshots -Dscreenshots=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@TurnstileTest
@ExtendWith(Chromium.class)
@EnabledIfSystemProperty(named = "screenshots", matches = "true")
class PageScreenshots {

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	Devices devices;

	@Autowired
	StreamLeases streams;

	@Test
	void everyPageIsCapturedAtDesktopAndTheAccountPageAtPhoneWidth(ChromeDriver browser) throws Exception {
		Path directory = docs().resolve("screenshots");
		Files.createDirectories(directory);
		String base = "http://localhost:" + this.port;
		Pages pages = new Pages(browser, base);
		Person alex = seed();

		pages.startOver();
		pages.open("/login");
		capture(browser, directory, "sign-in", 1280, 900);
		pages.open("/signup");
		capture(browser, directory, "sign-up", 1280, 900);
		pages.open("/oauth2/authorize?response_type=code&client_id=no-such-app&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&scope=openid");
		capture(browser, directory, "error-unknown-app", 1280, 900);

		pages.signIn(alex.email(), PASSWORD);
		OAuthTestClient oauth = new OAuthTestClient(base);
		pages.open(oauth.authorization(OAuthTestClient.DEMO_WEB, OAuthTestClient.DEMO_WEB_REDIRECT,
				"openid profile email offline_access entitlements").requestUri().toString());
		pages.waitForText("would like to use");
		capture(browser, directory, "consent", 1280, 900);
		pages.open("/activate");
		capture(browser, directory, "activate", 1280, 900);
		DeviceAuthorizationSuccessResponse tv = deviceAuthorization(oauth);
		pages.open(tv.getVerificationURIComplete().toString());
		pages.waitForText("Only continue if this code is on the screen");
		capture(browser, directory, "activate-confirm", 1280, 900);
		pages.press("Continue");
		pages.waitForText("would like to use");
		pages.press("Allow");
		pages.waitForText("Your TV is signed in");
		capture(browser, directory, "activate-done", 1280, 900);
		pages.open("/activate?user_code=BCDF-GHJK");
		capture(browser, directory, "error-tv-code", 1280, 900);
		pages.open("/");
		capture(browser, directory, "account", 1280, 900);
		capture(browser, directory, "account-phone", 390, 844);

		pages.startOver();
		pages.signIn("demo@turnstile.local", TurnstileTest.DEMO_PASSWORD);
		pages.open("/admin");
		capture(browser, directory, "console-home", 1280, 900);
		pages.open("/admin/console/people/" + alex.id());
		capture(browser, directory, "console-person", 1280, 900);
		pages.open("/admin/console/clients");
		capture(browser, directory, "console-clients", 1280, 900);
		pages.open("/admin/console/clients/new");
		pages.fill("Client id", "partner-backend");
		pages.fill("Name people see", "Partner backend");
		pages.fill("Redirect URIs, one per line", "https://partner.example/callback");
		pages.press("Register client");
		pages.waitForText("Copy the secret now");
		capture(browser, directory, "console-client-secret", 1280, 900);
		pages.open("/admin/console/prices");
		capture(browser, directory, "console-prices", 1280, 900);
		pages.open("/admin/console/ppv-events");
		capture(browser, directory, "console-ppv-events", 1280, 900);
		pages.open("/admin/console/billing");
		capture(browser, directory, "console-billing", 1280, 900);

		assertThat(directory.resolve("account-phone.png")).isNotEmptyFile();
		assertThat(directory.resolve("console-billing.png")).isNotEmptyFile();
	}

	/** Alex: a premium subscription, two passes (one open now), a TV and a phone, a film playing; a parked event. */
	private Person seed() throws Exception {
		Person alex = this.people.signUp("alex@example.com", PASSWORD, "Alex Rivera");
		AccountId id = new AccountId(alex.id());
		Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
		Change billing = new Change("billing", "invoice.paid");
		this.entitlements.recordSubscription(id, new BillingSubscription("sub_1QdemoPremium", "active", "premium", true,
				now.plus(Duration.ofDays(21)), false), billing);
		Change catalog = new Change("operator", "catalog");
		this.entitlements.defineEvent(new PayPerViewEvent("cup-final-2026", "Cup Final", now.minus(Duration.ofHours(1)),
				now.plus(Duration.ofHours(2)), Duration.ofMinutes(30), Duration.ofHours(48)), catalog);
		this.entitlements.defineEvent(new PayPerViewEvent("fight-night-2026-12", "Fight Night: Title Bout",
				now.plus(Duration.ofDays(12)), now.plus(Duration.ofDays(12)).plus(Duration.ofHours(4)),
				Duration.ofMinutes(30), Duration.ofHours(48)), catalog);
		this.entitlements.grantPayPerView(id, "cup-final-2026", "billing", billing);
		this.entitlements.grantPayPerView(id, "fight-night-2026-12", "comp",
				new Change("operator", "Apology for the outage on 21 November"));
		String tv = UUID.randomUUID().toString();
		this.devices.register(id, tv, "demo-tv", "Living-room TV", "device_code");
		this.devices.register(id, UUID.randomUUID().toString(), "demo-web", "Demo web app on Firefox",
				"authorization_code");
		this.streams.start(id, "film-the-long-night", tv, null);
		TestStripeEvents.Event parked = TestStripeEvents.scenario("imported-7781").event("invoice.paid");
		HttpResponse<String> delivered = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/billing/stripe/webhook"))
				.header("Content-Type", "application/json")
				.header("Stripe-Signature", TestStripeSignatures.header(parked.json()))
				.POST(HttpRequest.BodyPublishers.ofString(parked.json()))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(delivered.statusCode()).isEqualTo(200);
		return alex;
	}

	private DeviceAuthorizationSuccessResponse deviceAuthorization(OAuthTestClient oauth) throws Exception {
		DeviceAuthorizationResponse response = DeviceAuthorizationResponse
			.parse(new DeviceAuthorizationRequest.Builder(new ClientID("demo-tv"))
				.scope(Scope.parse("profile entitlements offline_access"))
				.customParameter("device_name", "Bedroom TV")
				.endpointURI(oauth.uri("/oauth2/device_authorization"))
				.build()
				.toHTTPRequest()
				.send());
		return response.toSuccessResponse();
	}

	private static void capture(ChromeDriver browser, Path directory, String name, int width, int height)
			throws Exception {
		boolean phone = width < 600;
		browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", phone));
		try {
			Files.write(directory.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		finally {
			browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		}
	}

	/** The repository's {@code docs/}, found from the module directory the tests run in. */
	private static Path docs() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !(Files.isDirectory(directory.resolve("docs"))
				&& Files.exists(directory.resolve("mvnw")))) {
			directory = directory.getParent();
		}
		assertThat(directory).as("the repository root (with docs/ and mvnw)").isNotNull();
		return directory.resolve("docs");
	}

}
