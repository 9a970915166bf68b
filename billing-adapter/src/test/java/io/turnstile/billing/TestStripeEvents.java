package io.turnstile.billing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Stripe events for tests, from the checked-in fixtures under {@code stripe/} (API version
 * {@code 2026-07-29.dahlia}, shaped as Stripe sends them). A {@link Scenario} gives every Stripe object of
 * a fixture ids of its own (customer, subscription, invoice, payment_intent, charge, dispute) and a person,
 * so tests sharing one database never meet; each event built gets a fresh event id unless one is set.
 */
public final class TestStripeEvents {

	public static final List<String> FIXTURES = List.of("customer.subscription.created",
			"customer.subscription.updated", "customer.subscription.deleted", "invoice.paid", "invoice.payment_failed",
			"checkout.session.completed.subscription", "checkout.session.completed.ppv",
			"checkout.session.async_payment_succeeded", "charge.refunded", "charge.dispute.created",
			"charge.dispute.closed", "customer.updated");

	public static final String SAMPLE_USER = "8d3b1f6e-2c4a-4e9b-9f1d-5a7c3e2b1a00";

	/** The sample price: {@code lookup_key premium_monthly}, {@code metadata.tier premium}, €15.99. */
	public static final String PREMIUM_PRICE = "price_1SAMPLEpremium0001";

	/** Sample ids of the fixtures, and the prefix of the ids a scenario gives them instead. */
	private static final Map<String, String> SAMPLE_IDS = Map.ofEntries(Map.entry("cus_SAMPLEcustomer01", "cus_"),
			Map.entry("sub_1SAMPLEsubscription01", "sub_"), Map.entry("si_SAMPLEitem000001", "si_"),
			Map.entry("in_1SAMPLEinvoice000001", "in_"), Map.entry("il_1SAMPLEline00000001", "il_"),
			Map.entry("pi_3SAMPLEpayment000001", "pi_"), Map.entry("ch_3SAMPLEcharge0000001", "ch_"),
			Map.entry("du_1SAMPLEdispute00001", "du_"), Map.entry("cs_test_a1SAMPLEsubscription0001", "cs_test_a"),
			Map.entry("cs_test_b1SAMPLEpayperview00001", "cs_test_b"));

	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

	private TestStripeEvents() {
	}

	/** A fixture's text exactly as checked in. */
	public static String fixture(String name) {
		try (InputStream in = TestStripeEvents.class.getResourceAsStream("/stripe/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture stripe/" + name + ".json");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stripe objects of their own (ids no other scenario has) for {@code person}, put in every metadata. */
	public static Scenario scenario(String person) {
		return new Scenario(person, Long.toString(SEQUENCE.incrementAndGet(), 36) + "T" + Long.toString(System.nanoTime() % 100000, 36));
	}

	/** One set of Stripe objects belonging to one person. */
	public static final class Scenario {

		private final String person;

		private final String suffix;

		Scenario(String person, String suffix) {
			this.person = person;
			this.suffix = suffix;
		}

		public String person() {
			return this.person;
		}

		/** The id this scenario gives a sample object, e.g. {@code id("sub_")}. */
		public String id(String prefix) {
			return prefix + this.suffix;
		}

		public String customer() {
			return id("cus_");
		}

		public String subscription() {
			return id("sub_");
		}

		public String invoice() {
			return id("in_");
		}

		public String paymentIntent() {
			return id("pi_");
		}

		public String charge() {
			return id("ch_");
		}

		public String dispute() {
			return id("du_");
		}

		/** An event of a fixture, with this scenario's objects and person, and a fresh event id. */
		public Event event(String fixture) {
			String text = TestStripeEvents.fixture(fixture);
			for (Map.Entry<String, String> sample : SAMPLE_IDS.entrySet()) {
				text = text.replace(sample.getKey(), sample.getValue() + this.suffix);
			}
			text = text.replace(SAMPLE_USER, this.person);
			JsonObject tree = JsonParser.parseString(text).getAsJsonObject();
			Event event = new Event(tree);
			return event.set("id", "evt_" + this.suffix + "_" + Long.toString(SEQUENCE.incrementAndGet(), 36));
		}

	}

	/** A Stripe event being shaped for a test: set fields by dotted paths ({@code data.object.items.data[0].price.id}). */
	public static final class Event {

		private final JsonObject tree;

		Event(JsonObject tree) {
			this.tree = tree;
		}

		public String id() {
			return this.tree.get("id").getAsString();
		}

		public Event created(long epochSeconds) {
			return set("created", epochSeconds);
		}

		/** Sets a field of the event's object ({@code data.object.<path>}). */
		public Event object(String path, Object value) {
			return set("data.object." + path, value);
		}

		/** Sets (or with {@code null}, nulls) a field; numbers, booleans and strings as such. */
		public Event set(String path, Object value) {
			String[] steps = path.split("\\.");
			JsonElement node = this.tree;
			for (int i = 0; i < steps.length - 1; i++) {
				node = step(node, steps[i]);
			}
			String last = steps[steps.length - 1];
			JsonElement element = (value == null) ? JsonNull.INSTANCE
					: (value instanceof Number number) ? new JsonPrimitive(number)
							: (value instanceof Boolean bool) ? new JsonPrimitive(bool) : new JsonPrimitive(value.toString());
			if (last.endsWith("]")) {
				int open = last.indexOf('[');
				JsonArray array = node.getAsJsonObject().getAsJsonArray(last.substring(0, open));
				array.set(Integer.parseInt(last.substring(open + 1, last.length() - 1)), element);
			}
			else {
				node.getAsJsonObject().add(last, element);
			}
			return this;
		}

		/** Removes a field. */
		public Event remove(String path) {
			String[] steps = path.split("\\.");
			JsonElement node = this.tree;
			for (int i = 0; i < steps.length - 1; i++) {
				node = step(node, steps[i]);
			}
			node.getAsJsonObject().remove(steps[steps.length - 1]);
			return this;
		}

		/** The event's object alone, as Stripe's API answers for it. */
		public String objectJson() {
			return GSON.toJson(this.tree.getAsJsonObject("data").get("object"));
		}

		/** The body Stripe would send. */
		public String json() {
			return GSON.toJson(this.tree);
		}

		private static JsonElement step(JsonElement node, String step) {
			if (step.endsWith("]")) {
				int open = step.indexOf('[');
				JsonArray array = node.getAsJsonObject().getAsJsonArray(step.substring(0, open));
				return array.get(Integer.parseInt(step.substring(open + 1, step.length() - 1)));
			}
			JsonElement next = node.getAsJsonObject().get(step);
			if (next == null || next.isJsonNull()) {
				throw new IllegalArgumentException("No field " + step);
			}
			return next;
		}

	}

}
