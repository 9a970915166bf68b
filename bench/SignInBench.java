// People for the benchmark, and the sign-in load: the whole authorization-code flow with a real password
// check, as a browser and an app do it. JDK only; bench/run.sh runs it (docs/benchmarks.md, "The harness").
//
//   java bench/SignInBench.java prepare BASE_URL OUT_DIR [PEOPLE] [FAMILIES_PER_PERSON]
//   java bench/SignInBench.java run BASE_URL PEOPLE_FILE [SECONDS] [WARMUP] [WORKERS]
//
// prepare: signs PEOPLE people up through /signup (each then approves demo-web on the consent page and gets
// its first tokens), comps each the premium tier (POST /admin/users/{id}/grants with demo-admin's token;
// premium allows 10 devices) and signs each in FAMILIES_PER_PERSON - 1 more times, so that there are
// PEOPLE * FAMILIES_PER_PERSON refresh-token families. Writes OUT_DIR/people (e-mail TAB password) and
// OUT_DIR/refresh-tokens (one per line). The demo-admin secret comes from TURNSTILE_ADMIN_SECRET.
//
// run: WORKERS threads sign in, each as one of the people, until the time is up: GET /oauth2/authorize
// (302 to /login) -> GET /login (the page and its CSRF token) -> POST /login (bcrypt) -> GET /oauth2/authorize
// again -> consent page and its POST if asked -> 302 to the app with the code -> POST /oauth2/token (code +
// PKCE verifier) -> tokens. Every iteration starts with no cookies, like a new browser. Outside the timed
// part the worker signs that device out again (DELETE /api/me/devices/{did}), so the device limit is never
// reached. The workers run without a pause; flows that end in the first WARMUP seconds do not count, those
// that end in the SECONDS after them do (so the rate is the steady one however long a flow takes). Last line:
//   RESULT label=… rps=… p50_ms=… p90_ms=… p99_ms=… max_ms=… requests=… non2xx=… (flows; non2xx = failed flows)
// Knobs (environment): LABEL [ts_signin]; REFRESH_SCOPE [entitlements offline_access] (scope of the families
// prepare makes); SIGNIN_SCOPE [openid profile entitlements offline_access] (scope of the measured sign-ins);
// CLIENT_ID [demo-web] and REDIRECT_URI [http://127.0.0.1:8081/callback]: a public client with PKCE.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SignInBench {

	static final SecureRandom random = new SecureRandom();

	static final String CLIENT_ID = env("CLIENT_ID", "demo-web");

	static final String REDIRECT_URI = env("REDIRECT_URI", "http://127.0.0.1:8081/callback");

	public static void main(String[] args) throws Exception {
		if (args.length < 3 || !List.of("prepare", "run").contains(args[0])) {
			System.err.println("usage: java bench/SignInBench.java prepare BASE_URL OUT_DIR [PEOPLE] [FAMILIES_PER_PERSON]");
			System.err.println("       java bench/SignInBench.java run BASE_URL PEOPLE_FILE [SECONDS] [WARMUP] [WORKERS]");
			System.exit(2);
		}
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		URI base = URI.create(args[1].endsWith("/") ? args[1] : args[1] + "/");
		if ("prepare".equals(args[0])) {
			int people = (args.length > 3) ? Integer.parseInt(args[3]) : 16;
			int families = (args.length > 4) ? Integer.parseInt(args[4]) : 4;
			prepare(http, base, Path.of(args[2]), people, families);
		}
		else {
			int seconds = (args.length > 3) ? Integer.parseInt(args[3]) : 30;
			int warmup = (args.length > 4) ? Integer.parseInt(args[4]) : 10;
			int workers = (args.length > 5) ? Integer.parseInt(args[5]) : 16;
			run(http, base, Path.of(args[2]), seconds, warmup, workers);
		}
	}

	// ---------------------------------------------------------------- prepare

	static void prepare(HttpClient http, URI base, Path out, int people, int families) throws Exception {
		String adminSecret = System.getenv("TURNSTILE_ADMIN_SECRET");
		if (adminSecret == null || adminSecret.isEmpty()) {
			throw new IllegalStateException("TURNSTILE_ADMIN_SECRET (demo-admin's secret) is not set");
		}
		String admin = clientCredentialsToken(http, base, "demo-admin", adminSecret, "admin");
		String run = Long.toString(System.currentTimeMillis(), 36);
		String scope = env("REFRESH_SCOPE", "entitlements offline_access");
		List<String> credentials = new ArrayList<>();
		List<String> refreshTokens = new ArrayList<>();
		// a few at a time: the server's one core hashes and checks the passwords anyway
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<List<String>>> work = new ArrayList<>();
		for (int i = 0; i < people; i++) {
			String email = "bench-" + run + "-" + i + "@bench.example";
			String password = randomToken(18);
			credentials.add(email + "\t" + password);
			int n = i;
			work.add(pool.submit(() -> preparePerson(http, base, admin, n, email, password, scope, families)));
		}
		for (Future<List<String>> person : work) {
			refreshTokens.addAll(person.get());
		}
		pool.shutdown();
		Files.createDirectories(out);
		Files.write(out.resolve("people"), credentials);
		Files.write(out.resolve("refresh-tokens"), refreshTokens);
		System.err.println("# " + people + " people signed up (premium comped), " + refreshTokens.size()
				+ " refresh-token families (scope '" + scope + "', client " + CLIENT_ID + ")");
	}

	/** Signs one person up, comps premium, signs in until there are {@code families} families; their refresh tokens. */
	static List<String> preparePerson(HttpClient http, URI base, String admin, int n, String email, String password,
			String scope, int families) throws Exception {
		List<String> refreshTokens = new ArrayList<>();
		Browser browser = new Browser(http, base);
		Flow flow = new Flow(scope);
		browser.expect(browser.get(flow.authorizeUrl(base)), 302, "authorize before sign-up");
		HttpResponse<String> page = browser.expect(browser.get(base.resolve("signup")), 200, "sign-up page");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", csrf(page.body(), "sign-up page"));
		form.put("email", email);
		form.put("displayName", "Bench Viewer " + n);
		form.put("password", password);
		form.put("confirmPassword", password);
		HttpResponse<String> signedUp = browser.post(base.resolve("signup"), form);
		Tokens first = flow.finish(browser, browser.expect(signedUp, 302, "sign-up"), email, password);
		refreshTokens.add(first.refreshToken());
		String subject = claim(first.accessToken(), "sub");
		HttpResponse<String> granted = http.send(HttpRequest.newBuilder(base.resolve("admin/users/" + subject + "/grants"))
			.header("Authorization", "Bearer " + admin)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"tier\",\"tier\":\"premium\",\"reason\":\"benchmark viewer\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (granted.statusCode() != 201) {
			throw new IllegalStateException("comping premium answered " + granted.statusCode());
		}
		for (int i = 1; i < families; i++) {
			refreshTokens.add(new Flow(scope).signIn(new Browser(http, base), email, password).refreshToken());
		}
		return refreshTokens;
	}

	static String clientCredentialsToken(HttpClient http, URI base, String clientId, String secret, String scope)
			throws Exception {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + encode(scope)))
			.build(), HttpResponse.BodyHandlers.ofString());
		String token = jsonString(response.body(), "access_token");
		if (response.statusCode() != 200 || token == null) {
			throw new IllegalStateException("client_credentials for " + clientId + " answered " + response.statusCode());
		}
		return token;
	}

	// ---------------------------------------------------------------- run

	static void run(HttpClient http, URI base, Path peopleFile, int seconds, int warmup, int workers) throws Exception {
		List<String[]> people = Files.readAllLines(peopleFile).stream().filter((line) -> !line.isBlank())
			.map((line) -> line.split("\t", 2))
			.toList();
		if (people.isEmpty()) {
			throw new IllegalStateException("no people in " + peopleFile);
		}
		String scope = env("SIGNIN_SCOPE", "openid profile entitlements offline_access");
		System.err.println("# sign-in: " + workers + " workers, " + people.size() + " people, scope '" + scope
				+ "', client " + CLIENT_ID + "; " + warmup + " s warm-up, then " + seconds + " s measured");
		Result result = load(http, base, people, scope, workers, warmup, seconds);
		result.warmupFailures().forEach((reason, count) -> System.err.println("# warm-up failed: " + count + " x " + reason));
		result.failures().forEach((reason, count) -> System.err.println("# failed: " + count + " x " + reason));
		System.out.printf("RESULT label=%s rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d sock_err=0%n",
				env("LABEL", "ts_signin"), result.flows() / (double) seconds, result.percentile(50),
				result.percentile(90), result.percentile(99), result.percentile(100), result.flows(),
				result.failed());
	}

	/**
	 * Workers sign in without a pause for warm-up plus measured seconds; flows (and failures) that end within
	 * the measured window count, so its rate is the steady one however long a flow takes.
	 */
	static Result load(HttpClient http, URI base, List<String[]> people, String scope, int workers, int warmup,
			int seconds) throws InterruptedException {
		long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
		long deadline = measureFrom + seconds * 1_000_000_000L;
		List<long[]> latencies = new ArrayList<>();
		Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> warmupFailures = new ConcurrentHashMap<>();
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			String[] person = people.get(w % people.size());
			Thread thread = new Thread(() -> {
				long[] mine = new long[1024];
				int count = 0;
				while (System.nanoTime() < deadline) {
					long began = System.nanoTime();
					Tokens tokens = null;
					String failure = null;
					try {
						tokens = new Flow(scope).signIn(new Browser(http, base), person[0], person[1]);
					}
					catch (Exception ex) {
						failure = reason(ex);
					}
					long ended = System.nanoTime();
					boolean measured = ended >= measureFrom && ended <= deadline;
					if (failure != null) {
						(measured ? failures : warmupFailures).computeIfAbsent(failure, (k) -> new AtomicInteger())
							.incrementAndGet();
						continue;
					}
					if (measured) {
						if (count == mine.length) {
							mine = Arrays.copyOf(mine, count * 2);
						}
						mine[count++] = ended - began;
					}
					try {
						signOut(http, base, tokens.accessToken());
					}
					catch (Exception ex) {
						(measured ? failures : warmupFailures).computeIfAbsent(reason(ex), (k) -> new AtomicInteger())
							.incrementAndGet();
					}
				}
				synchronized (latencies) {
					latencies.add(Arrays.copyOf(mine, count));
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return new Result(latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray(), counts(failures),
				counts(warmupFailures));
	}

	static Map<String, Integer> counts(Map<String, AtomicInteger> failures) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		failures.forEach((reason, count) -> counts.put(reason, count.get()));
		return counts;
	}

	/** Signs the device of this sign-in out (frees its place under the device limit). */
	static void signOut(HttpClient http, URI base, String accessToken) throws Exception {
		String device = claim(accessToken, "did");
		int status = http.send(HttpRequest.newBuilder(base.resolve("api/me/devices/" + device))
			.header("Authorization", "Bearer " + accessToken)
			.DELETE()
			.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		if (status != 204) {
			throw new IllegalStateException("device sign-out answered " + status);
		}
	}

	static String reason(Exception ex) {
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	record Result(long[] nanos, Map<String, Integer> failures, Map<String, Integer> warmupFailures) {

		int flows() {
			return this.nanos.length;
		}

		int failed() {
			return this.failures.values().stream().mapToInt(Integer::intValue).sum();
		}

		double percentile(int p) {
			if (this.nanos.length == 0) {
				return 0;
			}
			int index = (int) Math.min(this.nanos.length - 1, Math.ceil(p / 100.0 * this.nanos.length) - 1);
			return this.nanos[Math.max(index, 0)] / 1e6;
		}

	}

	// ---------------------------------------------------------------- the flow

	record Tokens(String accessToken, String refreshToken) {
	}

	/** One authorization-code sign-in with PKCE: its verifier, state and nonce. */
	static final class Flow {

		final String scope;

		final String verifier = randomToken(32);

		final String state = randomToken(16);

		final String nonce = randomToken(16);

		Flow(String scope) {
			this.scope = scope;
		}

		URI authorizeUrl(URI base) {
			return base.resolve("oauth2/authorize?response_type=code&client_id=" + encode(CLIENT_ID) + "&scope="
					+ encode(this.scope) + "&redirect_uri=" + encode(REDIRECT_URI) + "&state=" + this.state
					+ "&nonce=" + this.nonce + "&code_challenge=" + challenge(this.verifier)
					+ "&code_challenge_method=S256");
		}

		/** The whole flow in a browser without a session. */
		Tokens signIn(Browser browser, String email, String password) throws Exception {
			HttpResponse<String> first = browser.expect(browser.get(authorizeUrl(browser.base)), 302, "authorize");
			return finish(browser, first, email, password);
		}

		/**
		 * Follows redirects from {@code response} as a browser does, signing in on the sign-in page and allowing
		 * on the consent page, until the redirect to the app; then exchanges the code.
		 */
		Tokens finish(Browser browser, HttpResponse<String> response, String email, String password) throws Exception {
			boolean signedIn = false;
			for (int step = 0; step < 10; step++) {
				if (response.statusCode() == 302 || response.statusCode() == 303) {
					String location = response.headers().firstValue("Location")
						.orElseThrow(() -> new IllegalStateException("redirect without Location"));
					URI next = browser.base.resolve(location);
					if (location.startsWith(REDIRECT_URI)) {
						return exchange(browser, next);
					}
					if (next.getPath().equals("/login") && "error".equals(next.getRawQuery())) {
						throw new IllegalStateException("sign-in refused");
					}
					response = browser.expect(browser.get(next), 200, 302, "GET " + next.getPath());
				}
				else if (response.statusCode() == 200 && response.body().contains("action=\"/login\"")) {
					if (signedIn) {
						throw new IllegalStateException("sign-in page again after signing in");
					}
					Map<String, String> form = new LinkedHashMap<>();
					form.put("_csrf", csrf(response.body(), "sign-in page"));
					form.put("email", email);
					form.put("password", password);
					response = browser.expect(browser.post(browser.base.resolve("login"), form), 302, "POST /login");
					signedIn = true;
				}
				else if (response.statusCode() == 200 && response.body().contains("<form id=\"allow\"")) {
					Consent consent = Consent.parse(response.body());
					response = browser.expect(browser.post(browser.base.resolve(consent.action()), consent.fields()), 302,
							"consent");
				}
				else {
					throw new IllegalStateException("unexpected page: HTTP " + response.statusCode());
				}
			}
			throw new IllegalStateException("no code after 10 steps");
		}

		Tokens exchange(Browser browser, URI callback) throws Exception {
			Map<String, String> query = query(callback.getRawQuery());
			if (!this.state.equals(query.get("state")) || query.get("code") == null) {
				throw new IllegalStateException("callback without code or with another state: " + query.keySet());
			}
			Map<String, String> form = new LinkedHashMap<>();
			form.put("grant_type", "authorization_code");
			form.put("client_id", CLIENT_ID);
			form.put("code", query.get("code"));
			form.put("redirect_uri", REDIRECT_URI);
			form.put("code_verifier", this.verifier);
			HttpResponse<String> response = browser.expect(browser.post(browser.base.resolve("oauth2/token"), form), 200,
					"code exchange");
			String access = jsonString(response.body(), "access_token");
			String refresh = jsonString(response.body(), "refresh_token");
			if (access == null || refresh == null) {
				throw new IllegalStateException("token response without access or refresh token");
			}
			return new Tokens(access, refresh);
		}

	}

	/** The consent page's allow form: its action and the fields a browser would send (checked boxes only). */
	record Consent(String action, List<Map.Entry<String, String>> fields) {

		static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>");

		static Consent parse(String page) {
			int start = page.indexOf("<form id=\"allow\"");
			int end = page.indexOf("</form>", start);
			String form = page.substring(start, end);
			String action = attribute(form.substring(0, form.indexOf('>')), "action");
			List<Map.Entry<String, String>> fields = new ArrayList<>();
			Matcher input = INPUT.matcher(form);
			while (input.find()) {
				String tag = input.group();
				String name = attribute(tag, "name");
				String value = attribute(tag, "value");
				boolean box = "checkbox".equals(attribute(tag, "type"));
				if (name != null && value != null && (!box || tag.matches("(?s).*\\schecked\\b.*"))) {
					fields.add(Map.entry(name, value));
				}
			}
			if (action == null) {
				throw new IllegalStateException("consent form without action");
			}
			return new Consent(action, fields);
		}

	}

	// ---------------------------------------------------------------- a browser: cookies, forms, redirects

	/** Cookies of one browser (one sign-in); redirects are followed by the flow, not by the client. */
	static final class Browser {

		final HttpClient http;

		final URI base;

		final Map<String, String> cookies = new LinkedHashMap<>();

		Browser(HttpClient http, URI base) {
			this.http = http;
			this.base = base;
		}

		HttpResponse<String> get(URI uri) throws Exception {
			return send(request(uri).GET().build());
		}

		HttpResponse<String> post(URI uri, Map<String, String> form) throws Exception {
			return post(uri, new ArrayList<>(form.entrySet()));
		}

		HttpResponse<String> post(URI uri, List<Map.Entry<String, String>> form) throws Exception {
			StringBuilder body = new StringBuilder();
			for (Map.Entry<String, String> field : form) {
				body.append((body.length() > 0) ? "&" : "").append(encode(field.getKey())).append('=')
					.append(encode(field.getValue()));
			}
			return send(request(uri).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
				.build());
		}

		HttpRequest.Builder request(URI uri) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
				.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Turnstile-SignInBench");
			if (!this.cookies.isEmpty()) {
				StringBuilder header = new StringBuilder();
				this.cookies.forEach((name, value) -> header.append((header.length() > 0) ? "; " : "").append(name)
					.append('=').append(value));
				builder.header("Cookie", header.toString());
			}
			return builder;
		}

		HttpResponse<String> send(HttpRequest request) throws Exception {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			for (String cookie : response.headers().allValues("Set-Cookie")) {
				String pair = cookie.split(";", 2)[0];
				int eq = pair.indexOf('=');
				if (eq <= 0) {
					continue;
				}
				String name = pair.substring(0, eq).trim();
				String value = pair.substring(eq + 1).trim();
				if (value.isEmpty() || cookie.toLowerCase().contains("max-age=0")) {
					this.cookies.remove(name);
				}
				else {
					this.cookies.put(name, value);
				}
			}
			return response;
		}

		HttpResponse<String> expect(HttpResponse<String> response, int status, String step) {
			return expect(response, status, status, step);
		}

		HttpResponse<String> expect(HttpResponse<String> response, int status, int orStatus, String step) {
			if (response.statusCode() != status && response.statusCode() != orStatus) {
				throw new IllegalStateException(step + " answered " + response.statusCode());
			}
			return response;
		}

	}

	// ---------------------------------------------------------------- small parsers

	static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	static String csrf(String page, String where) {
		Matcher matcher = CSRF.matcher(page);
		if (!matcher.find()) {
			throw new IllegalStateException("no CSRF token on the " + where);
		}
		return unescape(matcher.group(1));
	}

	static String attribute(String tag, String name) {
		Matcher matcher = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
		return matcher.find() ? unescape(matcher.group(1)) : null;
	}

	static String unescape(String html) {
		return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
			.replace("&#x3D;", "=").replace("&#x2F;", "/").replace("&amp;", "&");
	}

	static String jsonString(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** A string claim of a JWT (its payload decoded, not verified: the server issued it to us just now). */
	static String claim(String jwt, String name) {
		String[] parts = jwt.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String value = jsonString(payload, name);
		if (value == null) {
			throw new IllegalStateException("access token without '" + name + "'");
		}
		return value;
	}

	static Map<String, String> query(String rawQuery) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : (rawQuery != null) ? rawQuery.split("&") : new String[0]) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String randomToken(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isEmpty()) ? value : fallback;
	}

}
