package io.turnstile.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A local stand-in for the Stripe API (the one test double billing allows): {@code POST /v1/customers},
 * {@code POST /v1/checkout/sessions} and {@code GET /v1/subscriptions/{id}} on 127.0.0.1, port 0. One
 * server serves the whole test JVM: {@link Initializer} (registered in {@code META-INF/spring.factories})
 * starts it before any application context and points {@code turnstile.billing.api-base} at it, so the
 * shared {@code @TurnstileTest} context stays one context. Tests read the requests it received and put the
 * subscriptions it should return.
 */
public final class StripeStandIn {

	private static final StripeStandIn INSTANCE = new StripeStandIn();

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, String> subscriptions = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private StripeStandIn() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/v1/", this::handle);
		this.server.start();
	}

	public static StripeStandIn instance() {
		return INSTANCE;
	}

	public String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The subscription JSON {@code GET /v1/subscriptions/{id}} answers with. */
	public void subscription(String id, String json) {
		this.subscriptions.put(id, json);
	}

	/** Requests received so far whose path starts with {@code path}. */
	public List<Request> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().startsWith(path)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		Request request = new Request(exchange.getRequestMethod(), path, form(body),
				exchange.getRequestHeaders().getFirst("Idempotency-Key"),
				exchange.getRequestHeaders().getFirst("Authorization"));
		this.requests.add(request);
		int n = this.sequence.incrementAndGet();
		if ("POST".equals(request.method()) && path.equals("/v1/customers")) {
			respond(exchange, 200, """
					{"id":"cus_standin%d","object":"customer","email":"%s","metadata":{"user_id":"%s"},"livemode":false}"""
				.formatted(n, request.form().get("email"), request.form().get("metadata[user_id]")));
		}
		else if ("POST".equals(request.method()) && path.equals("/v1/checkout/sessions")) {
			respond(exchange, 200, """
					{"id":"cs_test_standin%d","object":"checkout.session","mode":"%s","customer":"%s","status":"open",
					 "url":"https://checkout.stripe.com/c/pay/cs_test_standin%d","livemode":false}"""
				.formatted(n, request.form().get("mode"), request.form().get("customer"), n));
		}
		else if ("GET".equals(request.method()) && path.startsWith("/v1/subscriptions/")
				&& this.subscriptions.containsKey(path.substring("/v1/subscriptions/".length()))) {
			respond(exchange, 200, this.subscriptions.get(path.substring("/v1/subscriptions/".length())));
		}
		else {
			respond(exchange, 404, """
					{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such object"}}""");
		}
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Request-Id", "req_standin");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		if (body.isEmpty()) {
			return form;
		}
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			String key = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			form.put(key, (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return form;
	}

	/**
	 * One request to the stand-in.
	 *
	 * @param form the form-encoded body Stripe's SDK sends ({@code metadata[user_id]=…})
	 */
	public record Request(String method, String path, Map<String, String> form, String idempotencyKey,
			String authorization) {
	}

	/** Starts the stand-in (once) and points the application at it. */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("stripe-stand-in",
						Map.of("turnstile.billing.api-base", instance().base())));
		}

	}

}
