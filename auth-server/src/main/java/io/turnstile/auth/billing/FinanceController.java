package io.turnstile.auth.billing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.billing.Ledger;
import io.turnstile.billing.LedgerEntry;
import io.turnstile.billing.Reconciliation;
import io.turnstile.billing.ReconciliationReport;
import io.turnstile.entitlements.AccountId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * What finance gets (scope {@code finance.read}): {@code GET /api/finance/ledger} as CSV (RFC 4180, header
 * row; {@code format=csv} or {@code Accept: text/csv}) or JSON, streamed a page at a time, filtered by
 * {@code from}, {@code to} and {@code userId}; and {@code GET /api/finance/reconciliation?from&to}. Times
 * in parameters are epoch seconds, ISO-8601 instants or dates (UTC midnight).
 */
@RestController
@Tag(name = "Finance", description = "The ledger and reconciliation (scope finance.read)")
class FinanceController {

	static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8;header=present");

	/** Far enough ahead to mean "no end", near enough for every database's timestamp. */
	static final Instant NO_END = Instant.parse("9999-12-31T00:00:00Z");

	private final Ledger ledger;

	private final Reconciliation reconciliation;

	private final JsonMapper json;

	private final Clock clock = Clock.systemUTC();

	FinanceController(Ledger ledger, Reconciliation reconciliation, JsonMapper json) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(reconciliation, "reconciliation cannot be null");
		Assert.notNull(json, "json cannot be null");
		this.ledger = ledger;
		this.reconciliation = reconciliation;
		this.json = json;
	}

	@GetMapping("/api/finance/ledger")
	@Operation(summary = "The billing ledger", description = "CSV (RFC 4180 with a header row: format=csv or Accept: text/csv) or JSON, streamed; filtered by 'from' and 'to' (epoch seconds, ISO-8601 instants or dates) and 'userId'. Rows are never updated: a replay appends a row.")
	@ProblemResponses({ Problems.MALFORMED_REQUEST, Problems.INVALID_REQUEST })
	@ApiResponse(responseCode = "200", description = "Ledger entries in the order they occurred",
			content = {
					@Content(mediaType = "application/json",
							array = @ArraySchema(
									schema = @Schema(implementation = LedgerEntryJson.class)),
							examples = @ExampleObject("""
									[{"eventId": "evt_1Qpaid", "occurredAt": 1798000000, "kind": "invoice_paid", "objectId": "in_1Q",
									  "userId": "u-1042", "customerId": "cus_1Q", "subscriptionId": "sub_1Q", "priceId": "price_1Qpremium",
									  "tier": "premium", "amountMinor": 1599, "currency": "eur", "periodStart": 1798000000,
									  "periodEnd": 1800600000, "status": "paid", "effect": "applied"}]""")),
					@Content(mediaType = "text/csv",
							schema = @Schema(type = "string"),
							examples = @ExampleObject("""
									eventId,occurredAt,kind,objectId,userId,customerId,subscriptionId,priceId,tier,amountMinor,currency,periodStart,periodEnd,status,effect
									evt_1Qpaid,2026-12-29T06:13:20Z,invoice_paid,in_1Q,u-1042,cus_1Q,sub_1Q,price_1Qpremium,premium,1599,eur,2026-12-29T06:13:20Z,2027-01-28T06:13:20Z,paid,applied
									""")) })
	ResponseEntity<StreamingResponseBody> ledger(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable String userId,
			@RequestParam(required = false) @Nullable String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		Ledger.Query query = new Ledger.Query(instant("from", from, Instant.EPOCH), instant("to", to, NO_END),
				person(userId));
		requireOrder(query.from(), query.to());
		boolean csv = "csv".equalsIgnoreCase(format)
				|| (format == null && accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv"));
		if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
			throw new ApiException(Problems.INVALID_REQUEST, "'format' is csv or json");
		}
		if (csv) {
			return ResponseEntity.ok()
				.contentType(CSV)
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"ledger.csv\"")
				.body((out) -> {
					Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
					writer.write(String.join(",", LedgerEntry.COLUMNS) + "\r\n");
					this.ledger.forEach(query, (entry) -> writeCsv(writer, entry));
					writer.flush();
				});
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body((out) -> {
			try (JsonGenerator generator = this.json.createGenerator(out)) {
				generator.writeStartArray();
				this.ledger.forEach(query, (entry) -> this.json.writeValue(generator, LedgerEntryJson.of(entry)));
				generator.writeEndArray();
			}
		});
	}

	@GetMapping("/api/finance/reconciliation")
	@Operation(summary = "The reconciliation report", description = "For 'from' to 'to' (default: this month so far): rights no payment justifies, payments without rights, parked and failed events, and totals per currency.")
	@ProblemResponses({ Problems.MALFORMED_REQUEST, Problems.INVALID_REQUEST })
	@ExamplePayloads(response = """
			{"from": 1798761600, "to": 1799366400, "generatedAt": 1799366400,
			 "unjustifiedRights": [{"kind": "pass_without_payment", "objectId": "pi_1Q", "userId": "u-1042", "amountMinor": null,
			   "currency": null, "detail": "An active pass for fight-night-2026-12 with no paid purchase", "eventIds": []}],
			 "paymentsWithoutRights": [], "parkedEvents": [], "failedEvents": [],
			 "totals": [{"month": "2027-01", "currency": "eur", "invoicesPaid": 159900, "payPerView": 24950, "refunds": 1599,
			   "disputes": 0, "disputesWon": 0, "net": 183251, "entries": 118}]}""")
	ReportJson reconciliation(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to) {
		Instant now = this.clock.instant();
		Instant start = instant("from", from, YearMonth.from(now.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay()
			.toInstant(ZoneOffset.UTC));
		Instant end = instant("to", to, now);
		requireOrder(start, end);
		return ReportJson.of(this.reconciliation.report(start, end));
	}

	private static void writeCsv(Writer writer, LedgerEntry entry) {
		List<String> fields = new ArrayList<>(LedgerEntry.COLUMNS.size());
		fields.add(entry.eventId());
		fields.add(entry.occurredAt().toString());
		fields.add(entry.kind());
		fields.add(entry.objectId());
		fields.add(entry.userId());
		fields.add(entry.customerId());
		fields.add(entry.subscriptionId());
		fields.add(entry.priceId());
		fields.add(entry.tier());
		fields.add(Long.toString(entry.amountMinor()));
		fields.add(entry.currency());
		fields.add((entry.periodStart() != null) ? entry.periodStart().toString() : null);
		fields.add((entry.periodEnd() != null) ? entry.periodEnd().toString() : null);
		fields.add(entry.status());
		fields.add(entry.effect());
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			line.append(csvField(fields.get(i)));
		}
		try {
			writer.write(line.append("\r\n").toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
	static String csvField(@Nullable String value) {
		if (value == null) {
			return "";
		}
		if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
			return value;
		}
		return '"' + value.replace("\"", "\"\"") + '"';
	}

	static Instant instant(String name, @Nullable String value, Instant otherwise) {
		if (value == null || value.isBlank()) {
			return otherwise;
		}
		String trimmed = value.trim();
		try {
			if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 12) {
				return Instant.ofEpochSecond(Long.parseLong(trimmed));
			}
			if (trimmed.length() == 10) {
				return LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC);
			}
			return Instant.parse(trimmed);
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw new ApiException(Problems.MALFORMED_REQUEST,
					"'" + name + "' is epoch seconds, an ISO-8601 instant or a date (yyyy-MM-dd)");
		}
	}

	private static @Nullable AccountId person(@Nullable String userId) {
		if (userId == null || userId.isBlank()) {
			return null;
		}
		if (!AccountId.isValid(userId)) {
			throw new ApiException(Problems.MALFORMED_REQUEST, "'userId' is 1-64 characters of [A-Za-z0-9._:-]");
		}
		return new AccountId(userId);
	}

	private static void requireOrder(Instant from, Instant to) {
		if (!from.isBefore(to)) {
			throw new ApiException(Problems.INVALID_REQUEST, "'from' must be before 'to'");
		}
	}

	/** A ledger entry in JSON: the contract's columns, times as epoch seconds. */
	@Schema(name = "LedgerEntry")
	record LedgerEntryJson(String eventId, long occurredAt, String kind, String objectId, @Nullable String userId,
			@Nullable String customerId, @Nullable String subscriptionId, @Nullable String priceId,
			@Nullable String tier, long amountMinor, @Nullable String currency, @Nullable Long periodStart,
			@Nullable Long periodEnd, @Nullable String status, String effect) {

		static LedgerEntryJson of(LedgerEntry entry) {
			return new LedgerEntryJson(entry.eventId(), entry.occurredAt().getEpochSecond(), entry.kind(),
					entry.objectId(), entry.userId(), entry.customerId(), entry.subscriptionId(), entry.priceId(),
					entry.tier(), entry.amountMinor(), entry.currency(), seconds(entry.periodStart()),
					seconds(entry.periodEnd()), entry.status(), entry.effect());
		}

	}

	@Schema(name = "ReconciliationReport")
	record ReportJson(long from, long to, long generatedAt, List<ReconciliationReport.Finding> unjustifiedRights,
			List<ReconciliationReport.Finding> paymentsWithoutRights, List<ReconciliationReport.Finding> parkedEvents,
			List<ReconciliationReport.Finding> failedEvents, List<ReconciliationReport.Total> totals) {

		static ReportJson of(ReconciliationReport report) {
			return new ReportJson(report.from().getEpochSecond(), report.to().getEpochSecond(),
					report.generatedAt().getEpochSecond(), report.unjustifiedRights(), report.paymentsWithoutRights(),
					report.parkedEvents(), report.failedEvents(), report.totals());
		}

	}

	private static @Nullable Long seconds(@Nullable Instant instant) {
		return (instant != null) ? instant.getEpochSecond() : null;
	}

}
