package io.turnstile.policy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.util.JSONArrayUtils;
import org.jspecify.annotations.Nullable;

/**
 * The tiers, ordered by rank. Immutable. Content services fetch it from {@code GET /api/tiers} rather
 * than hard-coding it.
 */
public final class TierCatalog {

	static final int MAX_DOCUMENT_BYTES = 256 * 1024;

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

	private static final TierCatalog STANDARD = of(List.of(
			new Tier("free", 0, Set.of("sd"), 1, 2),
			new Tier("basic", 1, Set.of("sd", "hd"), 1, 3),
			new Tier("standard", 2, Set.of("sd", "hd", "downloads"), 2, 5),
			new Tier("premium", 3, Set.of("sd", "hd", "uhd", "downloads", "ad_free"), 4, 10)));

	private final List<Tier> tiers;

	private final Map<String, Tier> byCode;

	private TierCatalog(List<Tier> tiers, Map<String, Tier> byCode) {
		this.tiers = tiers;
		this.byCode = byCode;
	}

	/**
	 * The default catalog: {@code free < basic < standard < premium}.
	 */
	public static TierCatalog standard() {
		return STANDARD;
	}

	/**
	 * A catalog of these tiers (in any order; codes must be unique).
	 */
	public static TierCatalog of(List<Tier> tiers) {
		Objects.requireNonNull(tiers, "tiers");
		if (tiers.isEmpty()) {
			throw new IllegalArgumentException("a tier catalog needs at least one tier");
		}
		List<Tier> ordered = new ArrayList<>(tiers);
		ordered.sort(Comparator.comparingInt(Tier::rank).thenComparing(Tier::code));
		Map<String, Tier> byCode = new HashMap<>();
		for (Tier tier : ordered) {
			Objects.requireNonNull(tier, "tier");
			if (byCode.putIfAbsent(tier.code(), tier) != null) {
				throw new IllegalArgumentException("duplicate tier code: " + tier.code());
			}
		}
		return new TierCatalog(List.copyOf(ordered), Map.copyOf(byCode));
	}

	/**
	 * Parses the body of {@code GET /api/tiers}:
	 * {@code [{"code","rank","features","streams","devices"}]}.
	 * @throws IllegalArgumentException when the document is not exactly that shape
	 */
	public static TierCatalog parse(String json) {
		Objects.requireNonNull(json, "json");
		if (json.length() > MAX_DOCUMENT_BYTES) {
			throw new IllegalArgumentException("tier catalog is larger than " + MAX_DOCUMENT_BYTES + " characters");
		}
		List<Object> array;
		try {
			array = JSONArrayUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("tier catalog is not a JSON array: " + ex.getMessage(), ex);
		}
		List<Tier> tiers = new ArrayList<>(array.size());
		for (int i = 0; i < array.size(); i++) {
			tiers.add(tier(array.get(i), i));
		}
		return of(tiers);
	}

	/**
	 * Fetches and parses the catalog from the issuer's {@code /api/tiers}.
	 * @throws IOException when the endpoint cannot be read or does not answer 200
	 * @throws IllegalArgumentException when it answers something that is not a tier catalog
	 */
	public static TierCatalog fetch(URI tiersEndpoint, HttpClient httpClient) throws IOException, InterruptedException {
		Objects.requireNonNull(tiersEndpoint, "tiersEndpoint");
		Objects.requireNonNull(httpClient, "httpClient");
		HttpRequest request = HttpRequest.newBuilder(tiersEndpoint)
				.timeout(FETCH_TIMEOUT)
				.header("Accept", "application/json")
				.GET()
				.build();
		HttpResponse<InputStream> response = httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
		return parse(readBody(response, MAX_DOCUMENT_BYTES));
	}

	/**
	 * Reads a 200 response body of at most {@code limit} bytes as UTF-8.
	 */
	static String readBody(HttpResponse<InputStream> response, int limit) throws IOException {
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				throw new IOException("GET " + response.uri() + " answered " + response.statusCode());
			}
			byte[] bytes = body.readNBytes(limit + 1);
			if (bytes.length > limit) {
				throw new IOException("GET " + response.uri() + " answered more than " + limit + " bytes");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/**
	 * Every tier, lowest rank first.
	 */
	public List<Tier> tiers() {
		return this.tiers;
	}

	/**
	 * The tier with this code.
	 */
	public Optional<Tier> find(String code) {
		return Optional.ofNullable(this.byCode.get(code));
	}

	/**
	 * Whether {@code tierCode} ranks at least as high as {@code requiredCode}; {@code false} when either is
	 * not in the catalog.
	 */
	public boolean atLeast(String tierCode, String requiredCode) {
		Tier tier = this.byCode.get(tierCode);
		Tier required = this.byCode.get(requiredCode);
		return tier != null && required != null && tier.rank() >= required.rank();
	}

	/**
	 * The rank of the tier with this code, or {@code -1} when the catalog has none (hot path: no
	 * allocation).
	 */
	int rankOf(@Nullable String code) {
		if (code == null) {
			return -1;
		}
		Tier tier = this.byCode.get(code);
		return (tier != null) ? tier.rank() : -1;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TierCatalog catalog && this.tiers.equals(catalog.tiers);
	}

	@Override
	public int hashCode() {
		return this.tiers.hashCode();
	}

	@Override
	public String toString() {
		return "TierCatalog" + this.tiers;
	}

	private static Tier tier(Object element, int index) {
		if (!(element instanceof Map<?, ?> object)) {
			throw new IllegalArgumentException("tier #" + index + " is not a JSON object");
		}
		String code = string(object, "code", index);
		return new Tier(code, integer(object, "rank", code), features(object, code),
				integer(object, "streams", code), integer(object, "devices", code));
	}

	private static String string(Map<?, ?> object, String key, int index) {
		if (!(object.get(key) instanceof String value) || value.isBlank()) {
			throw new IllegalArgumentException("tier #" + index + ": \"" + key + "\" must be a non-blank string");
		}
		return value;
	}

	private static int integer(Map<?, ?> object, String key, String code) {
		Object value = object.get(key);
		if (!(value instanceof Number number) || value instanceof Double || value instanceof Float
				|| number.longValue() < 0 || number.longValue() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"tier " + code + ": \"" + key + "\" must be a non-negative whole number");
		}
		return number.intValue();
	}

	private static Set<String> features(Map<?, ?> object, String code) {
		if (!(object.get("features") instanceof List<?> list)) {
			throw new IllegalArgumentException("tier " + code + ": \"features\" must be an array of strings");
		}
		Set<String> features = new LinkedHashSet<>();
		for (Object feature : list) {
			if (!(feature instanceof String name) || name.isBlank()) {
				throw new IllegalArgumentException("tier " + code + ": \"features\" must be an array of strings");
			}
			features.add(name);
		}
		return features;
	}

}
