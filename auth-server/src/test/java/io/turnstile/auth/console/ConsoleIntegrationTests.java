package io.turnstile.auth.console;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Browser;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.billing.PriceTiers;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeSignatures;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.TierSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console over HTTP: its own chain (session, role ADMIN, CSRF) apart from the JSON admin API,
 * and each of its forms doing what it says, with the operator and the reason recorded.
 */
@TurnstileTest
class ConsoleIntegrationTests {

	static final String PASSWORD = "correct horse battery";

	static final Pattern SECRET = Pattern.compile("<output id=\"secret\" class=\"secret\">([^<]+)</output>");

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	PriceTiers prices;

	OAuthTestClient oauth;

	@BeforeEach
	void setUp() {
		this.oauth = new OAuthTestClient(this.port);
	}

	@Test
	void visitorWithoutASessionIsSentToSignInAndBackToTheConsole() throws Exception {
		Browser browser = this.oauth.browser();

		HttpResponse<String> console = browser.get(this.oauth.uri("/admin"));
		HttpResponse<String> signedIn = browser.signIn("demo@turnstile.local", TurnstileTest.DEMO_PASSWORD);

		assertThat(console.statusCode()).isEqualTo(302);
		assertThat(console.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).contains("/admin");
		HttpResponse<String> home = browser.get(this.oauth.uri("/admin"));
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("Operator console").contains("Find a person");
		assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
		assertThat(home.headers().firstValue("X-Frame-Options")).hasValue("DENY");
	}

	@Test
	void personWithoutTheAdminRoleIsRefused() throws Exception {
		Person person = this.people.signUp("console-viewer@example.com", PASSWORD, null);
		Browser browser = this.oauth.browser();
		browser.signIn(person.email(), PASSWORD);

		assertThat(browser.get(this.oauth.uri("/admin")).statusCode()).isEqualTo(403);
		assertThat(browser.get(this.oauth.uri("/admin/console/clients")).statusCode()).isEqualTo(403);
	}

	@Test
	void bearerTokensOpenTheJsonApiButNotTheConsoleAndTheSessionNotTheJsonApi() throws Exception {
		ApiTestClient api = new ApiTestClient(this.oauth);
		String admin = api.serviceToken(OAuthTestClient.admin(), "admin");
		Browser operator = operator();

		assertThat(api.get("/admin", admin).status()).isEqualTo(302);
		assertThat(api.get("/admin/prices", admin).status()).isEqualTo(200);
		assertThat(operator.get(this.oauth.uri("/admin/prices")).statusCode()).isEqualTo(401);
	}

	@Test
	void formWithoutItsCsrfTokenIsRefused() throws Exception {
		Browser operator = operator();

		HttpResponse<String> refused = operator.post(this.oauth.uri("/admin/console/prices"),
				Map.of("priceKey", List.of("price_no_csrf"), "tier", List.of("premium")));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(this.prices.entries()).noneMatch((entry) -> entry.priceKey().equals("price_no_csrf"));
	}

	@Test
	void operatorFindsAPersonByEmailThenCompsAndEndsATierWithReasons() throws Exception {
		Person person = this.people.signUp("console-comp@example.com", PASSWORD, "Comp Person");
		Browser operator = operator();

		HttpResponse<String> found = operator.get(this.oauth.uri("/admin/console/people?q=Console-Comp%40example.com"));
		URI page = this.oauth.uri("/admin/console/people/" + person.id());
		HttpResponse<String> comped = operator.submit(page, this.oauth.uri("/admin/console/people/" + person.id() + "/comp"),
				form("tier", "premium", "until", "", "reason", "Partner trial"));
		EntitlementSnapshot afterComp = this.entitlements.current(new AccountId(person.id()));
		String shown = operator.get(page).body();
		operator.submit(page, this.oauth.uri("/admin/console/people/" + person.id() + "/comp/end"),
				form("reason", "Trial over"));

		assertThat(found.headers().firstValue("Location").orElseThrow()).endsWith("/admin/console/people/" + person.id());
		assertThat(comped.headers().firstValue("Location").orElseThrow()).endsWith("/admin/console/people/" + person.id());
		assertThat(afterComp.tier().code()).isEqualTo("premium");
		assertThat(afterComp.tierSource()).isEqualTo(TierSource.COMP);
		assertThat(shown).contains("Comped the premium tier.").contains("Partner trial").contains("Comp Person");
		assertThat(this.entitlements.current(new AccountId(person.id())).tierSource()).isEqualTo(TierSource.DEFAULT);
		String operatorId = this.people.findByEmail("demo@turnstile.local").orElseThrow().id();
		assertThat(this.entitlements.history(new AccountId(person.id()))).first().satisfies((change) -> {
			assertThat(change.actor()).isEqualTo(operatorId);
			assertThat(change.reason()).isEqualTo("Trial over");
		});
	}

	@Test
	void changeWithoutAReasonIsRefusedAndChangesNothing() throws Exception {
		Person person = this.people.signUp("console-no-reason@example.com", PASSWORD, null);
		Browser operator = operator();
		URI page = this.oauth.uri("/admin/console/people/" + person.id());

		operator.submit(page, this.oauth.uri("/admin/console/people/" + person.id() + "/comp"),
				form("tier", "premium", "reason", " "));

		assertThat(operator.get(page).body()).contains("Give a reason");
		assertThat(this.entitlements.current(new AccountId(person.id())).tierSource()).isEqualTo(TierSource.DEFAULT);
	}

	@Test
	void unknownPersonIsANotFoundPageThatKeepsTheSearch() throws Exception {
		HttpResponse<String> page = operator().get(this.oauth.uri("/admin/console/people?q=nobody%40example.com"));

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("No one has that e-mail address or id.").contains("value=\"nobody@example.com\"");
	}

	@Test
	void operatorRegistersAClientWhoseSecretIsShownOnceAndRotatesIt() throws Exception {
		Browser operator = operator();
		URI form = this.oauth.uri("/admin/console/clients/new");

		HttpResponse<String> registered = operator.submit(form, this.oauth.uri("/admin/console/clients"),
				form("clientId", "console-service", "clientName", "Console service", "type", "confidential", "grantType",
						"client_credentials", "scope", "entitlements.read", "redirectUris", ""));
		String secret = secret(registered.body());
		String list = operator.get(this.oauth.uri("/admin/console/clients")).body();
		URI confirm = this.oauth.uri("/admin/console/clients/console-service/secret");
		String asked = operator.get(confirm).body();
		HttpResponse<String> rotated = operator.submit(confirm, confirm, Map.of());
		String newSecret = secret(rotated.body());

		assertThat(registered.statusCode()).isEqualTo(200);
		assertThat(registered.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(list).contains("console-service").doesNotContain(secret);
		assertThat(asked).contains("stops").contains("working at once");
		assertThat(newSecret).isNotEqualTo(secret);
		assertThat(token("console-service", secret)).isEqualTo(401);
		assertThat(token("console-service", newSecret)).isEqualTo(200);
	}

	@Test
	void registrationBreakingARuleShowsTheFormAgainWithTheReason() throws Exception {
		HttpResponse<String> refused = operator().submit(this.oauth.uri("/admin/console/clients/new"),
				this.oauth.uri("/admin/console/clients"), form("clientId", "console-public-service", "clientName",
						"Public service", "type", "public", "grantType", "client_credentials", "scope", "admin"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("A public client cannot use client credentials")
			.contains("value=\"console-public-service\"");
	}

	@Test
	void operatorMapsAPriceToATierAndRemovesIt() throws Exception {
		Browser operator = operator();
		URI page = this.oauth.uri("/admin/console/prices");

		operator.submit(page, page, form("priceKey", "price_console_1", "tier", "standard"));
		boolean mapped = this.prices.entries().contains(new PriceTiers.PriceTier("price_console_1", "standard", "admin"));
		String shown = operator.get(page).body();
		operator.submit(page, this.oauth.uri("/admin/console/prices/remove"), form("priceKey", "price_console_1"));

		assertThat(mapped).isTrue();
		assertThat(shown).contains("price_console_1 now pays for standard.");
		assertThat(this.prices.entries()).noneMatch((entry) -> entry.priceKey().equals("price_console_1"));
	}

	@Test
	void operatorDefinesAnEventWithItsWindow() throws Exception {
		Browser operator = operator();
		URI page = this.oauth.uri("/admin/console/ppv-events");

		operator.submit(page, page, form("id", "console-gala-2027", "title", "Console Gala", "startsAt", "2027-03-01T20:00",
				"endsAt", "2027-03-01T23:00", "opensBeforeMinutes", "15", "replayAfterHours", "24"));

		assertThat(this.entitlements.event("console-gala-2027")).hasValueSatisfying((event) -> {
			assertThat(event.title()).isEqualTo("Console Gala");
			assertThat(event.notBefore()).isEqualTo(java.time.Instant.parse("2027-03-01T19:45:00Z"));
			assertThat(event.expiresAt()).isEqualTo(java.time.Instant.parse("2027-03-02T23:00:00Z"));
		});
		assertThat(operator.get(page).body()).contains("Saved Console Gala");
	}

	@Test
	void operatorSeesAParkedEventAndReplaysIt() throws Exception {
		TestStripeEvents.Event parked = TestStripeEvents.scenario("console-parked-1").event("invoice.paid");
		assertThat(deliver(parked)).isEqualTo(200);
		Browser operator = operator();
		URI page = this.oauth.uri("/admin/console/billing");

		String listed = operator.get(page).body();
		operator.submit(page, this.oauth.uri("/admin/console/billing/replay"), form("eventId", parked.id()));

		assertThat(listed).contains(parked.id()).contains("console-parked-1");
		assertThat(operator.get(page).body()).contains("Replayed " + parked.id() + ": it is now parked");
	}

	private Browser operator() throws Exception {
		Browser browser = this.oauth.browser();
		browser.signIn("demo@turnstile.local", TurnstileTest.DEMO_PASSWORD);
		return browser;
	}

	private int token(String clientId, String secret) throws Exception {
		return this.oauth.clientCredentials(new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
				"entitlements.read").getStatusCode();
	}

	private int deliver(TestStripeEvents.Event event) throws Exception {
		return java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(this.oauth.uri("/billing/stripe/webhook"))
				.header("Content-Type", "application/json")
				.header("Stripe-Signature", TestStripeSignatures.header(event.json()))
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(event.json()))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private static String secret(String page) {
		Matcher matcher = SECRET.matcher(page);
		assertThat(matcher.find()).as("a secret on the page").isTrue();
		return matcher.group(1);
	}

	private static Map<String, List<String>> form(String... namesAndValues) {
		Map<String, List<String>> form = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
		}
		return form;
	}

}
