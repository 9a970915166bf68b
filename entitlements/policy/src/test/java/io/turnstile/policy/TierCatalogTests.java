package io.turnstile.policy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class TierCatalogTests {

	static final String API_TIERS = """
			[
			  {"code":"premium","rank":3,"features":["sd","hd","uhd","downloads","ad_free"],"streams":4,"devices":10},
			  {"code":"free","rank":0,"features":["sd"],"streams":1,"devices":2},
			  {"code":"standard","rank":2,"features":["sd","hd","downloads"],"streams":2,"devices":5},
			  {"code":"basic","rank":1,"features":["sd","hd"],"streams":1,"devices":3}
			]""";

	@Test
	void parsesTheTiersEndpointShape() {
		TierCatalog catalog = TierCatalog.parse(API_TIERS);

		assertThat(catalog.find("standard")).contains(new Tier("standard", 2, Set.of("sd", "hd", "downloads"), 2, 5));
		assertThat(catalog.find("premium").orElseThrow().includes("uhd")).isTrue();
		assertThat(catalog.find("gold")).isEmpty();
	}

	@Test
	void parsedStandardCatalogEqualsTheBuiltInOne() {
		assertThat(TierCatalog.parse(API_TIERS)).isEqualTo(TierCatalog.standard());
	}

	@Test
	void tiersAreOrderedByRankWhateverTheirOrderInTheDocument() {
		assertThat(TierCatalog.parse(API_TIERS).tiers()).extracting(Tier::code)
				.containsExactly("free", "basic", "standard", "premium");
	}

	@Test
	void standardCatalogHasTheDocumentedLimitsAndFeatures() {
		TierCatalog catalog = TierCatalog.standard();

		assertThat(catalog.tiers()).extracting(Tier::code, Tier::rank, Tier::streams, Tier::devices).containsExactly(
				tuple("free", 0, 1, 2),
				tuple("basic", 1, 1, 3),
				tuple("standard", 2, 2, 5),
				tuple("premium", 3, 4, 10));
		assertThat(catalog.find("free").orElseThrow().features()).containsExactly("sd");
		assertThat(catalog.find("basic").orElseThrow().features()).containsExactlyInAnyOrder("sd", "hd");
		assertThat(catalog.find("premium").orElseThrow().features())
				.containsExactlyInAnyOrder("sd", "hd", "uhd", "downloads", "ad_free");
	}

	@Test
	void atLeastComparesRanksAndRefusesUnknownCodes() {
		TierCatalog catalog = TierCatalog.standard();

		assertThat(catalog.atLeast("premium", "standard")).isTrue();
		assertThat(catalog.atLeast("standard", "standard")).isTrue();
		assertThat(catalog.atLeast("basic", "standard")).isFalse();
		assertThat(catalog.atLeast("gold", "free")).isFalse();
		assertThat(catalog.atLeast("premium", "gold")).isFalse();
	}

	@Test
	void ofKeepsTheCatalogImmutable() {
		ArrayList<Tier> tiers = new ArrayList<>(TierCatalog.standard().tiers());
		TierCatalog catalog = TierCatalog.of(tiers);
		tiers.clear();

		assertThat(catalog.tiers()).hasSize(4);
		assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> catalog.tiers().add(new Tier("gold", 9, Set.of(), 1, 1)));
	}

	@Test
	void duplicateTierCodesAreRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> TierCatalog.of(List.of(new Tier("free", 0, Set.of("sd"), 1, 2),
						new Tier("free", 1, Set.of("sd", "hd"), 1, 3))))
				.withMessageContaining("duplicate tier code: free");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "{\"code\":\"free\"}", "[1]", "[]",
			"[{\"code\":\"free\",\"rank\":0,\"features\":[\"sd\"],\"streams\":1}",
			"[{\"rank\":0,\"features\":[\"sd\"],\"streams\":1,\"devices\":2}]",
			"[{\"code\":\"free\",\"rank\":\"0\",\"features\":[\"sd\"],\"streams\":1,\"devices\":2}]",
			"[{\"code\":\"free\",\"rank\":0.5,\"features\":[\"sd\"],\"streams\":1,\"devices\":2}]",
			"[{\"code\":\"free\",\"rank\":-1,\"features\":[\"sd\"],\"streams\":1,\"devices\":2}]",
			"[{\"code\":\"free\",\"rank\":0,\"features\":\"sd\",\"streams\":1,\"devices\":2}]",
			"[{\"code\":\"free\",\"rank\":0,\"features\":[1],\"streams\":1,\"devices\":2}]",
			"[{\"code\":\"free\",\"rank\":0,\"features\":[\"sd\"],\"devices\":2}]",
			"[{\"code\":\" \",\"rank\":0,\"features\":[\"sd\"],\"streams\":1,\"devices\":2}]" })
	void malformedCatalogIsRejectedWithAClearMessage(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> TierCatalog.parse(json))
				.withMessageMatching("(?s).*(tier|catalog).*");
	}

	@Test
	void fetchReadsTheCatalogFromTheTiersEndpoint() throws Exception {
		HttpServer server = serve(200, API_TIERS);
		try {
			TierCatalog catalog = TierCatalog.fetch(uri(server), HttpClient.newHttpClient());

			assertThat(catalog).isEqualTo(TierCatalog.standard());
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void fetchFailsWhenTheEndpointDoesNotAnswer200() throws Exception {
		HttpServer server = serve(503, "{}");
		try {
			assertThatExceptionOfType(IOException.class)
					.isThrownBy(() -> TierCatalog.fetch(uri(server), HttpClient.newHttpClient()))
					.withMessageContaining("503");
		}
		finally {
			server.stop(0);
		}
	}

	private static HttpServer serve(int status, String body) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/api/tiers", (exchange) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static URI uri(HttpServer server) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/tiers");
	}

}
