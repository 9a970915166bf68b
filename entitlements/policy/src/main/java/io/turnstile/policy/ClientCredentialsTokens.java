package io.turnstile.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A content service's own access token (OAuth 2.0 client credentials, {@code client_secret_basic}),
 * fetched when needed and reused until 30 seconds before it expires. Thread-safe; the secret is never
 * logged.
 */
public final class ClientCredentialsTokens implements Supplier<String> {

	private static final int MAX_RESPONSE_BYTES = 64 * 1024;

	private final URI tokenEndpoint;

	private final String authorization;

	private final String scope;

	private final HttpClient httpClient;

	private final Clock clock;

	private String token;

	private Instant refreshAt = Instant.MIN;

	public ClientCredentialsTokens(URI tokenEndpoint, String clientId, String clientSecret, String scope,
			HttpClient httpClient) {
		this(tokenEndpoint, clientId, clientSecret, scope, httpClient, Clock.systemUTC());
	}

	ClientCredentialsTokens(URI tokenEndpoint, String clientId, String clientSecret, String scope,
			HttpClient httpClient, Clock clock) {
		this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
		this.authorization = "Basic " + Base64.getEncoder()
			.encodeToString((urlEncode(clientId) + ":" + urlEncode(clientSecret)).getBytes(StandardCharsets.UTF_8));
		this.scope = Objects.requireNonNull(scope, "scope");
		this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public synchronized String get() {
		if (this.token == null || !this.clock.instant().isBefore(this.refreshAt)) {
			fetch();
		}
		return this.token;
	}

	private void fetch() {
		HttpRequest request = HttpRequest.newBuilder(this.tokenEndpoint)
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", this.authorization)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + urlEncode(this.scope)))
			.build();
		try {
			HttpResponse<InputStream> response = this.httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
			String body = TierCatalog.readBody(response, MAX_RESPONSE_BYTES);
			Map<String, Object> json = JSONObjectUtils.parse(body);
			Object token = json.get("access_token");
			Object expiresIn = json.get("expires_in");
			if (!(token instanceof String value) || value.isEmpty()) {
				throw new IOException("The token endpoint answered without an access token");
			}
			long lifetime = (expiresIn instanceof Number number) ? number.longValue() : 60;
			this.token = value;
			this.refreshAt = this.clock.instant().plusSeconds(Math.max(1, lifetime - 30));
		}
		catch (IOException | java.text.ParseException ex) {
			throw new UncheckedIOException(new IOException("Could not get a service token: " + ex.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new IOException("Interrupted while getting a service token"));
		}
	}

	private static String urlEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
