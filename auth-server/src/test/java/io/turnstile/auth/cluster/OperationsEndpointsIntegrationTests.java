package io.turnstile.auth.cluster;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a load balancer and a monitoring system read: liveness, readiness (with the database) and the
 * Prometheus metrics docs/operations.md tells operators to alert on.
 */
@TurnstileTest
class OperationsEndpointsIntegrationTests {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void livenessAndReadinessAreUpWithoutAuthentication() throws Exception {
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		HttpResponse<String> readiness = get("/actuator/health/readiness");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void prometheusMetricsIncludeRequestsByEndpointPoolAndJvm() throws Exception {
		get("/oauth2/jwks");

		new OAuthTestClient(this.port).clientCredentials(OAuthTestClient.admin(), "entitlements.read");
		this.http.send(HttpRequest.newBuilder(new OAuthTestClient(this.port).uri("/api/decisions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"content\":{\"id\":\"metrics\"}}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> metrics = get("/actuator/prometheus");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
		assertThat(metrics.body()).contains("http_server_requests_seconds_count")
			.contains("http_server_requests_seconds_bucket")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"200\"[^}]*uri=\"/oauth2/token\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/oauth2/jwks\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"200\"[^}]*uri=\"/api/decisions\"")
			.contains("hikaricp_connections_pending")
			.contains("hikaricp_connections_timeout_total")
			.contains("jvm_memory_used_bytes")
			.contains("process_cpu_usage");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(new OAuthTestClient(this.port).uri(path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
