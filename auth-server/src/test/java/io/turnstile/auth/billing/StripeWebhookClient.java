package io.turnstile.auth.billing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.turnstile.billing.TestStripeEvents;
import io.turnstile.billing.TestStripeSignatures;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Delivers Stripe events the way Stripe does (signed JSON POSTs to {@code /billing/stripe/webhook}), and
 * reads what billing stored about them.
 */
final class StripeWebhookClient {

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI endpoint;

	private final JdbcTemplate jdbc;

	StripeWebhookClient(int port, JdbcTemplate jdbc) {
		this.endpoint = URI.create("http://localhost:" + port + "/billing/stripe/webhook");
		this.jdbc = jdbc;
	}

	/** Signs with the test profile's current secret, now, and posts. @return the status */
	int deliver(TestStripeEvents.Event event) throws IOException, InterruptedException {
		String body = event.json();
		return post(body, TestStripeSignatures.header(body)).statusCode();
	}

	HttpResponse<String> post(String body, @Nullable String signature) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.header("Content-Type", "application/json; charset=utf-8")
			.header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("Stripe-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The stored state of an event, or {@code null} if billing has no record of it. */
	@Nullable String state(String eventId) {
		List<String> states = this.jdbc.queryForList("select state from billing_stripe_event where id = ?", String.class,
				eventId);
		return states.isEmpty() ? null : states.get(0);
	}

	@Nullable String reason(String eventId) {
		return this.jdbc.queryForObject("select reason from billing_stripe_event where id = ?", String.class, eventId);
	}

	/** The ledger rows about an object, in recording order. */
	List<Map<String, Object>> ledger(String objectId) {
		return this.jdbc.queryForList(
				"select event_id, kind, user_id, amount_minor, currency, status, effect, tier, price_id"
						+ " from billing_ledger_entry where object_id = ? order by id",
				objectId);
	}

}
