package io.turnstile.auth.billing;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.billing.LedgerEntry;
import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeEvents.Scenario;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What finance gets (scope {@code finance.read}): the ledger as RFC 4180 CSV and as JSON with the
 * contract's columns and filters, and the reconciliation report with every kind of finding.
 */
@TurnstileTest
class FinanceIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Entitlements entitlements;

	@Autowired
	JdbcTemplate jdbc;

	StripeWebhookClient stripe;

	ApiTestClient api;

	String finance;

	String admin;

	long t;

	@BeforeEach
	void setUp() throws Exception {
		this.stripe = new StripeWebhookClient(this.port, this.jdbc);
		this.api = new ApiTestClient(new OAuthTestClient(this.port));
		this.finance = this.api.serviceToken(OAuthTestClient.admin(), "finance.read");
		this.admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
		this.t = Instant.now().minusSeconds(120).getEpochSecond();
	}

	@Test
	void ledgerIsRfc4180CsvWithAHeaderRowAndTheContractsColumnsForOnePerson() throws Exception {
		Scenario scenario = subscriber();

		Response csv = this.api.get("/api/finance/ledger?format=csv&userId=" + scenario.person(), this.finance);

		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv").contains("header=present");
		assertThat(csv.body()).endsWith("\r\n").doesNotContain("\r\n\r\n");
		List<String> lines = List.of(csv.body().split("\r\n"));
		assertThat(lines.get(0)).isEqualTo("eventId,occurredAt,kind,objectId,userId,customerId,subscriptionId,priceId,"
				+ "tier,amountMinor,currency,periodStart,periodEnd,status,effect");
		assertThat(lines).hasSize(3);
		assertThat(lines.get(1).split(",", -1)).hasSize(15).containsSubsequence("subscription_change",
				scenario.subscription(), scenario.person(), scenario.customer(), scenario.subscription(),
				TestStripeEvents.PREMIUM_PRICE, "premium", "0", "eur");
		assertThat(lines.get(2).split(",", -1)).containsExactly(lines.get(2).split(",", -1)[0],
				Instant.ofEpochSecond(this.t + 1).toString(), "invoice_paid", scenario.invoice(), scenario.person(),
				scenario.customer(), scenario.subscription(), TestStripeEvents.PREMIUM_PRICE, "premium", "1599", "eur",
				Instant.ofEpochSecond(1795000000).toString(), Instant.ofEpochSecond(1795000000 + 30 * 86400).toString(),
				"paid", "applied");
		HttpResponse<String> byAccept = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.api.uri("/api/finance/ledger?userId=" + scenario.person()))
				.header("Accept", "text/csv")
				.header("Authorization", "Bearer " + this.finance)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(byAccept.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		assertThat(byAccept.body()).isEqualTo(csv.body());
	}

	@Test
	void ledgerAsJsonHasTheSameColumnsAndHonoursFromAndTo() throws Exception {
		Scenario scenario = subscriber();
		String person = "&userId=" + scenario.person();

		JsonNode all = this.api.get("/api/finance/ledger?format=json" + person, this.finance).json();
		JsonNode fromInvoice = this.api.get("/api/finance/ledger?from=" + (this.t + 1) + person, this.finance).json();
		JsonNode untilInvoice = this.api
			.get("/api/finance/ledger?to=" + Instant.ofEpochSecond(this.t + 1) + person, this.finance)
			.json();

		assertThat(all).hasSize(2);
		assertThat(all.get(1).propertyNames()).containsExactlyElementsOf(LedgerEntry.COLUMNS);
		assertThat(all.get(1).get("occurredAt").asLong()).isEqualTo(this.t + 1);
		assertThat(all.get(1).get("amountMinor").asLong()).isEqualTo(1599);
		assertThat(fromInvoice).singleElement().satisfies((row) -> assertThat(row.get("kind").asString()).isEqualTo("invoice_paid"));
		assertThat(untilInvoice).singleElement()
			.satisfies((row) -> assertThat(row.get("kind").asString()).isEqualTo("subscription_change"));
	}

	@Test
	void financeEndpointsNeedTheFinanceScopeAndGoodParameters() throws Exception {
		String reader = this.api.serviceToken(OAuthTestClient.admin(), "entitlements.read");

		assertThat(this.api.get("/api/finance/ledger", null).status()).isEqualTo(401);
		assertThat(this.api.get("/api/finance/ledger", this.admin).status()).isEqualTo(403);
		assertThat(this.api.get("/api/finance/reconciliation", reader).status()).isEqualTo(403);
		for (String query : List.of("from=yesterday", "to=2026-13-01", "from=2000000000&to=1000000000", "userId=no%20spaces",
				"format=xml")) {
			Response bad = this.api.get("/api/finance/ledger?" + query, this.finance);
			assertThat(bad.status()).as(query).isEqualTo(400);
			assertThat(bad.header("Content-Type")).as(query).startsWith("application/problem+json");
		}
		assertThat(this.api.get("/api/finance/reconciliation?from=2026-11-01&to=2026-10-01", this.finance).status())
			.isEqualTo(400);
	}

	@Test
	void reconciliationFindsEachKindAndTotalsByMonthAndCurrency() throws Exception {
		long now = Instant.now().getEpochSecond();
		long periodEnd = now + 20 * 86400;
		// A subscription granting premium whose invoice never arrived.
		Scenario unpaid = person();
		deliver(unpaid.event("customer.subscription.created").created(now - 60)
			.object("items.data[0].current_period_end", periodEnd));
		// A pass nobody paid for (granted outside billing).
		Scenario free = person();
		String eventId = "recon-" + free.id("");
		this.entitlements.defineEvent(TestPayPerView.event(eventId), TestPayPerView.CHANGE);
		this.entitlements.purchasePayPerView(new AccountId(free.person()), free.paymentIntent(), eventId, null, null,
				new Change("tests", "granted outside billing"));
		// A paid pass an operator revoked without a refund, in francs, partly refunded.
		Scenario revoked = person();
		deliver(TestPayPerView.paidCheckout(revoked, eventId).created(now - 60).object("currency", "chf"));
		deliver(revoked.event("charge.refunded").created(now - 50).object("currency", "chf").object("refunded", false)
			.object("amount_refunded", 500));
		long grant = this.entitlements.payPerViewGrants(new AccountId(revoked.person())).get(0).id();
		this.api.send("DELETE", "/admin/users/" + revoked.person() + "/grants/ppv-" + grant + "?reason=abuse", this.admin,
				null);
		// An invoice paid for a period still running, with no subscription granting it.
		Scenario orphan = person();
		TestStripeEvents.Event orphanInvoice = orphan.event("invoice.paid").created(now - 60).object("currency", "chf")
			.object("lines.data[0].period.end", periodEnd);
		deliver(orphanInvoice);
		// A parked event and a failed one.
		TestStripeEvents.Event parked = TestStripeEvents.scenario("ghost-" + UUID.randomUUID()).event("invoice.paid")
			.created(now - 60);
		deliver(parked);
		TestStripeEvents.Event failed = person().event("customer.subscription.created").created(now - 60)
			.set("api_version", "2024-06-20")
			.remove("data.object.items.data[0].current_period_end");
		deliver(failed);

		Response response = this.api.get("/api/finance/reconciliation?from=" + (now - 3600) + "&to=" + (now + 3600),
				this.finance);

		assertThat(response.status()).isEqualTo(200);
		JsonNode report = response.json();
		JsonNode unpaidFinding = finding(report.get("unjustifiedRights"), unpaid.subscription());
		assertThat(unpaidFinding.get("kind").asString()).isEqualTo("subscription_without_payment");
		assertThat(unpaidFinding.get("userId").asString()).isEqualTo(unpaid.person());
		assertThat(unpaidFinding.get("eventIds").size()).isEqualTo(1);
		assertThat(finding(report.get("unjustifiedRights"), free.paymentIntent()).get("kind").asString())
			.isEqualTo("pass_without_payment");
		JsonNode revokedFinding = finding(report.get("paymentsWithoutRights"), revoked.paymentIntent());
		assertThat(revokedFinding.get("kind").asString()).isEqualTo("payment_without_pass");
		assertThat(revokedFinding.get("amountMinor").asLong()).isEqualTo(2499);
		assertThat(revokedFinding.get("eventIds").size()).isEqualTo(1);
		JsonNode orphanFinding = finding(report.get("paymentsWithoutRights"), orphan.invoice());
		assertThat(orphanFinding.get("kind").asString()).isEqualTo("invoice_without_access");
		assertThat(orphanFinding.get("eventIds").get(0).asString()).isEqualTo(orphanInvoice.id());
		assertThat(finding(report.get("parkedEvents"), parked.id()).get("detail").asString()).contains("unknown_person");
		assertThat(finding(report.get("failedEvents"), failed.id()).get("detail").asString()).contains("api_version");
		String month = YearMonth.from(Instant.ofEpochSecond(now - 60).atZone(ZoneOffset.UTC)).toString();
		JsonNode francs = null;
		for (JsonNode total : report.get("totals")) {
			if (total.get("currency").asString().equals("chf") && total.get("month").asString().equals(month)) {
				francs = total;
			}
		}
		assertThat(francs).isNotNull();
		assertThat(francs.get("invoicesPaid").asLong()).isEqualTo(1599);
		assertThat(francs.get("payPerView").asLong()).isEqualTo(2499);
		assertThat(francs.get("refunds").asLong()).isEqualTo(500);
		assertThat(francs.get("net").asLong()).isEqualTo(1599 + 2499 - 500);
		assertThat(francs.get("entries").asLong()).isEqualTo(3);
	}

	private static JsonNode finding(JsonNode findings, String objectId) {
		for (JsonNode finding : findings) {
			if (finding.get("objectId").asString().equals(objectId)) {
				return finding;
			}
		}
		throw new AssertionError("No finding about " + objectId + " in " + findings);
	}

	/** A person with a premium subscription ({@code t}) and its paid invoice ({@code t + 1}). */
	private Scenario subscriber() throws Exception {
		Scenario scenario = person();
		deliver(scenario.event("customer.subscription.created").created(this.t));
		deliver(scenario.event("invoice.paid").created(this.t + 1));
		return scenario;
	}

	private Scenario person() throws Exception {
		String id = "fin-" + UUID.randomUUID();
		assertThat(this.api.send("PUT", "/admin/users/" + id, this.admin, "{\"email\":\"" + id + "@example.com\"}").status())
			.isEqualTo(201);
		return TestStripeEvents.scenario(id);
	}

	private void deliver(TestStripeEvents.Event event) throws Exception {
		assertThat(this.stripe.deliver(event)).isEqualTo(200);
	}

}
