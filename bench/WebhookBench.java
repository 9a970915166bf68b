// Webhook intake benchmark: signed Stripe events against a running Turnstile, each one verified, stored
// and applied before its 2xx. JDK only; run from the repository root by bench/run.sh (docs/benchmarks.md):
//
//   java bench/WebhookBench.java BASE_URL [SECONDS] [WARMUP] [CONNECTIONS] [PEOPLE]
//
// The secrets come from the environment, as the server's do: STRIPE_WEBHOOK_SECRET (the endpoint's signing
// secret) and TURNSTILE_ADMIN_SECRET (demo-admin's client secret).
//
// It imports PEOPLE people (PUT /admin/users/{id}, demo-admin's token), then CONNECTIONS threads post, for
// one person after another, customer.subscription.updated (the tier flips between premium and standard,
// so every event changes entitlements, the change log and the ledger) and invoice.paid (a new invoice each
// time), both from the checked-in dahlia fixtures, signed as Stripe signs (t=…,v1=HMAC-SHA256). Afterwards
// it checks that none of its events is parked or failed. Last line:
//   RESULT label=webhook-intake rps=… p50_ms=… p90_ms=… p99_ms=… max_ms=… requests=… non2xx=… not_applied=…
// (the label is LABEL's value when set: bench/run.sh calls it ts_webhook)
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class WebhookBench {

	static final String FIXTURES = "billing-adapter/src/test/resources/stripe/";

	static final String SAMPLE_USER = "8d3b1f6e-2c4a-4e9b-9f1d-5a7c3e2b1a00";

	public static void main(String[] args) throws Exception {
		String secret = System.getenv("STRIPE_WEBHOOK_SECRET");
		String adminSecret = System.getenv("TURNSTILE_ADMIN_SECRET");
		if (args.length < 1 || secret == null || secret.isEmpty() || adminSecret == null || adminSecret.isEmpty()) {
			System.err.println("usage: STRIPE_WEBHOOK_SECRET=… TURNSTILE_ADMIN_SECRET=… java bench/WebhookBench.java BASE_URL [SECONDS] [WARMUP] [CONNECTIONS] [PEOPLE]");
			System.exit(2);
		}
		String base = args[0];
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		int connections = (args.length > 3) ? Integer.parseInt(args[3]) : 16;
		int people = (args.length > 4) ? Integer.parseInt(args[4]) : 200;
		String run = Long.toString(System.currentTimeMillis(), 36);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String admin = adminToken(http, base, adminSecret);
		for (int i = 0; i < people; i++) {
			String id = "bench-" + run + "-" + i;
			int status = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/users/" + id))
				.header("Authorization", "Bearer " + admin)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + id + "@bench.example\"}"))
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status != 201) {
				throw new IllegalStateException("importing " + id + " answered " + status);
			}
		}
		String subscription = Files.readString(Path.of(FIXTURES + "customer.subscription.updated.json"));
		String invoice = Files.readString(Path.of(FIXTURES + "invoice.paid.json"));
		Load load = new Load(http, base, secret, run, people, subscription, invoice);
		System.err.println("# " + people + " people imported; warming up " + warmup + " s");
		load.run(connections, warmup);
		System.err.println("# measuring " + seconds + " s with " + connections + " connections");
		Result result = load.run(connections, seconds);
		int notApplied = notApplied(http, base, admin, run);
		System.err.println("# events of this run parked or failed: " + notApplied);
		String label = (System.getenv("LABEL") != null) ? System.getenv("LABEL") : "webhook-intake";
		System.out.printf("RESULT label=%s rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d not_applied=%d%n",
				label, result.requests() / (double) seconds, result.percentile(50), result.percentile(90), result.percentile(99),
				result.percentile(100), result.requests(), result.non2xx(), notApplied);
	}

	static String adminToken(HttpClient http, String base, String adminSecret) throws Exception {
		String basic = Base64.getEncoder().encodeToString(("demo-admin:" + adminSecret).getBytes(StandardCharsets.UTF_8));
		String body = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + URLEncoder.encode("admin", StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
		if (!token.find()) {
			throw new IllegalStateException("no admin token: " + body);
		}
		return token.group(1);
	}

	/** Parked and failed events of this run (their ids carry the run). */
	static int notApplied(HttpClient http, String base, String admin, String run) throws Exception {
		int count = 0;
		for (String list : List.of("/admin/billing/parked", "/admin/billing/failed")) {
			String body = http.send(HttpRequest.newBuilder(URI.create(base + list)).header("Authorization", "Bearer " + admin).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			Matcher ids = Pattern.compile("\"evt_b" + run + "_").matcher(body);
			while (ids.find()) {
				count++;
			}
		}
		return count;
	}

	static final class Load {

		final HttpClient http;

		final URI endpoint;

		final String secret;

		final String run;

		final int people;

		final String subscription;

		final String invoice;

		final AtomicLong sequence = new AtomicLong();

		final long startedAt = System.currentTimeMillis() / 1000 - 86400;

		Load(HttpClient http, String base, String secret, String run, int people, String subscription, String invoice) {
			this.http = http;
			this.endpoint = URI.create(base + "/billing/stripe/webhook");
			this.secret = secret;
			this.run = run;
			this.people = people;
			this.subscription = subscription;
			this.invoice = invoice;
		}

		Result run(int connections, int seconds) throws InterruptedException {
			long until = System.nanoTime() + seconds * 1_000_000_000L;
			List<long[]> latencies = new ArrayList<>();
			AtomicInteger non2xx = new AtomicInteger();
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				long[][] mine = { new long[1 << 16] };
				int[] count = { 0 };
				Thread thread = new Thread(() -> {
					while (System.nanoTime() < until) {
						long n = this.sequence.incrementAndGet();
						String body = event(n);
						long t = System.currentTimeMillis() / 1000;
						long start = System.nanoTime();
						try {
							int status = this.http.send(HttpRequest.newBuilder(this.endpoint)
								.header("Content-Type", "application/json; charset=utf-8")
								.header("Stripe-Signature", "t=" + t + ",v1=" + hmac(this.secret, t + "." + body))
								.POST(HttpRequest.BodyPublishers.ofString(body))
								.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
							if (status / 100 != 2) {
								non2xx.incrementAndGet();
							}
						}
						catch (Exception ex) {
							non2xx.incrementAndGet();
						}
						if (count[0] == mine[0].length) {
							mine[0] = Arrays.copyOf(mine[0], mine[0].length * 2);
						}
						mine[0][count[0]++] = System.nanoTime() - start;
					}
					synchronized (latencies) {
						latencies.add(Arrays.copyOf(mine[0], count[0]));
					}
				});
				threads.add(thread);
				thread.start();
			}
			for (Thread thread : threads) {
				thread.join();
			}
			return new Result(latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray(), non2xx.get());
		}

		/** Event n: for person n % people, alternately a subscription change (tier flips) and a new paid invoice. */
		String event(long n) {
			long person = n % this.people;
			long round = n / this.people;
			String user = "bench-" + this.run + "-" + person;
			String suffix = this.run + "x" + person;
			String eventId = "evt_b" + this.run + "_" + n;
			long created = this.startedAt + round;
			if (round % 2 == 0) {
				String tier = (round % 4 == 0) ? "premium" : "standard";
				return this.subscription.replace("evt_1SAMPLEsubupdated0001", eventId)
					.replace("sub_1SAMPLEsubscription01", "sub_" + suffix)
					.replace("cus_SAMPLEcustomer01", "cus_" + suffix)
					.replace(SAMPLE_USER, user)
					.replace("\"tier\": \"premium\"", "\"tier\": \"" + tier + "\"")
					.replace("\"created\": 1795086400", "\"created\": " + created);
			}
			return this.invoice.replace("evt_1SAMPLEinvoicepaid001", eventId)
				.replace("in_1SAMPLEinvoice000001", "in_" + suffix + "r" + round)
				.replace("sub_1SAMPLEsubscription01", "sub_" + suffix)
				.replace("cus_SAMPLEcustomer01", "cus_" + suffix)
				.replace(SAMPLE_USER, user)
				.replace("\"created\": 1795000004", "\"created\": " + created);
		}

	}

	record Result(long[] nanos, int non2xx) {

		int requests() {
			return this.nanos.length;
		}

		double percentile(int p) {
			if (this.nanos.length == 0) {
				return 0;
			}
			int index = (int) Math.min(this.nanos.length - 1, Math.ceil(p / 100.0 * this.nanos.length) - 1);
			return this.nanos[Math.max(index, 0)] / 1e6;
		}

	}

	static String hmac(String key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
