package io.turnstile.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls our JSON APIs with a bearer token and reads JSON answers. */
public final class ApiTestClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OAuthTestClient oauth;

	private final HttpClient http = HttpClient.newHttpClient();

	public ApiTestClient(OAuthTestClient oauth) {
		this.oauth = oauth;
	}

	/** A client_credentials access token of {@code client} with {@code scope}. */
	public String serviceToken(ClientAuthentication client, String scope) throws Exception {
		return TokenResponse.parse(this.oauth.clientCredentials(client, scope))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken()
			.getValue();
	}

	public Response get(String path, @Nullable String token) throws IOException, InterruptedException {
		return send("GET", path, token, null);
	}

	public Response send(String method, String path, @Nullable String token, @Nullable String json)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.oauth.uri(path))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody())
			.header("Accept", "application/json");
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Response(response);
	}

	public URI uri(String path) {
		return this.oauth.uri(path);
	}

	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public JsonNode json() {
			return JSON.readTree(this.raw.body());
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public String body() {
			return this.raw.body();
		}

	}

}
