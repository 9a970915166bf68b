package io.turnstile.auth.billing;

import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /admin/prices}: configured and operators' price-to-tier entries (scope {@code admin}). */
@TurnstileTest
class PriceMapIntegrationTests {

	@LocalServerPort
	int port;

	ApiTestClient api;

	String admin;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiTestClient(new OAuthTestClient(this.port));
		this.admin = this.api.serviceToken(OAuthTestClient.admin(), "admin");
	}

	@Test
	void operatorsMapAndUnmapPricesBesideTheConfiguredEntries() throws Exception {
		Response mapped = this.api.send("PUT", "/admin/prices/premium_yearly_map_test", this.admin, "{\"tier\":\"premium\"}");
		JsonNode entries = this.api.get("/admin/prices", this.admin).json();
		Response removed = this.api.send("DELETE", "/admin/prices/premium_yearly_map_test", this.admin, null);
		Response again = this.api.send("DELETE", "/admin/prices/premium_yearly_map_test", this.admin, null);

		assertThat(mapped.status()).isEqualTo(200);
		assertThat(mapped.json().get("source").asString()).isEqualTo("admin");
		assertThat(entries.toString()).contains("{\"priceKey\":\"premium_yearly_map_test\",\"tier\":\"premium\",\"source\":\"admin\"}")
			.contains("{\"priceKey\":\"standard_monthly\",\"tier\":\"standard\",\"source\":\"config\"}");
		assertThat(removed.status()).isEqualTo(204);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.json().get("type").asString()).isEqualTo("/problems/unknown-price");
		assertThat(this.api.get("/admin/prices", this.admin).body()).doesNotContain("premium_yearly_map_test");
	}

	@Test
	void unknownTiersBadKeysAndMissingScopesAreRefused() throws Exception {
		Response unknownTier = this.api.send("PUT", "/admin/prices/price_gold", this.admin, "{\"tier\":\"gold\"}");
		Response noTier = this.api.send("PUT", "/admin/prices/price_gold", this.admin, "{}");
		Response badKey = this.api.send("PUT", "/admin/prices/" + "p".repeat(300), this.admin, "{\"tier\":\"basic\"}");
		Response notAdmin = this.api.send("PUT", "/admin/prices/price_gold",
				this.api.serviceToken(OAuthTestClient.admin(), "finance.read"), "{\"tier\":\"basic\"}");

		assertThat(unknownTier.status()).isEqualTo(400);
		assertThat(unknownTier.json().get("type").asString()).isEqualTo("/problems/unknown-tier");
		assertThat(noTier.status()).isEqualTo(400);
		assertThat(badKey.status()).isEqualTo(400);
		assertThat(notAdmin.status()).isEqualTo(403);
	}

}
