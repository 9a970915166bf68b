package io.turnstile.auth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;

/**
 * Drives a running Turnstile the way apps and a person's browser do: the Nimbus OAuth 2.0 SDK for every
 * protocol request, and a cookie-keeping HTTP client that fills in the sign-in and consent forms.
 */
public final class OAuthTestClient {

	public static final ClientID DEMO_WEB = new ClientID("demo-web");

	public static final URI DEMO_WEB_REDIRECT = URI.create("http://127.0.0.1:8081/callback");

	public static final ClientID DEMO_BACKEND = new ClientID("demo-backend");

	public static final URI DEMO_BACKEND_REDIRECT = URI.create("http://127.0.0.1:8082/callback");

	private static final Pattern HIDDEN = Pattern.compile("<input[^>]*>", Pattern.CASE_INSENSITIVE);

	private final String base;

	public OAuthTestClient(int port) {
		this("http://localhost:" + port);
	}

	public OAuthTestClient(String base) {
		this.base = base;
	}

	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	public String issuer() {
		return this.base;
	}

	public static ClientAuthentication backend() {
		return new ClientSecretBasic(DEMO_BACKEND, new Secret(TurnstileTest.BACKEND_SECRET));
	}

	public static ClientAuthentication admin() {
		return new ClientSecretBasic(new ClientID("demo-admin"), new Secret(TurnstileTest.ADMIN_SECRET));
	}

	public HTTPResponse clientCredentials(ClientAuthentication client, String scope) throws IOException {
		return new TokenRequest(uri("/oauth2/token"), client, new ClientCredentialsGrant(), Scope.parse(scope))
			.toHTTPRequest()
			.send();
	}

	public HTTPResponse exchangeCode(ClientAuthentication client, AuthorizationCode code, URI redirect,
			CodeVerifier verifier) throws IOException {
		return new TokenRequest(uri("/oauth2/token"), client, new AuthorizationCodeGrant(code, redirect, verifier))
			.toHTTPRequest()
			.send();
	}

	public HTTPResponse exchangeCode(ClientID publicClient, AuthorizationCode code, URI redirect,
			CodeVerifier verifier) throws IOException {
		return new TokenRequest(uri("/oauth2/token"), publicClient,
				new AuthorizationCodeGrant(code, redirect, verifier))
			.toHTTPRequest()
			.send();
	}

	public HTTPResponse refresh(ClientAuthentication client, RefreshToken refreshToken) throws IOException {
		return new TokenRequest(uri("/oauth2/token"), client, new RefreshTokenGrant(refreshToken)).toHTTPRequest()
			.send();
	}

	public HTTPResponse refresh(ClientID publicClient, RefreshToken refreshToken) throws IOException {
		return new TokenRequest(uri("/oauth2/token"), publicClient, new RefreshTokenGrant(refreshToken), null)
			.toHTTPRequest()
			.send();
	}

	public TokenIntrospectionSuccessResponse introspect(Token token) throws IOException, ParseException {
		return introspect(backend(), token);
	}

	public TokenIntrospectionSuccessResponse introspect(ClientAuthentication client, Token token)
			throws IOException, ParseException {
		HTTPResponse response = new TokenIntrospectionRequest(uri("/oauth2/introspect"), client, token)
			.toHTTPRequest()
			.send();
		return TokenIntrospectionResponse.parse(response).toSuccessResponse();
	}

	public HTTPResponse revoke(ClientAuthentication client, Token token) throws IOException {
		return new TokenRevocationRequest(uri("/oauth2/revoke"), client, token).toHTTPRequest().send();
	}

	public HTTPResponse revoke(ClientID publicClient, Token token) throws IOException {
		return new TokenRevocationRequest(uri("/oauth2/revoke"), publicClient, token).toHTTPRequest().send();
	}

	public static TokenResponse parseOidc(HTTPResponse response) throws ParseException {
		return OIDCTokenResponseParser.parse(response);
	}

	/**
	 * Signs a person in to {@code demo-web} (authorization code + PKCE, consent approved) and exchanges
	 * the code.
	 */
	public com.nimbusds.openid.connect.sdk.token.OIDCTokens signIn(String email, String password, String scope)
			throws Exception {
		Authorization authorization = authorization(DEMO_WEB, DEMO_WEB_REDIRECT, scope);
		URI callback = browser().authorize(authorization, email, password);
		TokenResponse response = parseOidc(exchangeCode(DEMO_WEB,
				new com.nimbusds.oauth2.sdk.AuthorizationCode(queryParameter(callback, "code")), DEMO_WEB_REDIRECT,
				authorization.verifier()));
		return ((com.nimbusds.openid.connect.sdk.OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
	}

	/** A person's browser: keeps cookies, follows nothing by itself. */
	public Browser browser() {
		return new Browser(new CookieManager());
	}

	/**
	 * A browser talking to this server with the cookies given: with one cookie jar for two nodes' clients,
	 * the same person's browser reaches node A or node B, as behind a load balancer without sticky sessions.
	 */
	public Browser browser(CookieManager cookies) {
		return new Browser(cookies);
	}

	/** One authorization request with PKCE, its state and nonce. */
	public record Authorization(ClientID client, URI redirect, Scope scope, State state, Nonce nonce,
			CodeVerifier verifier, URI requestUri) {
	}

	public Authorization authorization(ClientID client, URI redirect, String scope) {
		State state = new State();
		Nonce nonce = new Nonce();
		CodeVerifier verifier = new CodeVerifier();
		URI request = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope), client, redirect)
			.state(state)
			.nonce(nonce)
			.codeChallenge(verifier, CodeChallengeMethod.S256)
			.endpointURI(uri("/oauth2/authorize"))
			.build()
			.toURI();
		return new Authorization(client, redirect, Scope.parse(scope), state, nonce, verifier, request);
	}

	public final class Browser {

		private final HttpClient http;

		private Browser(CookieManager cookies) {
			this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
		}

		public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
			return this.http.send(HttpRequest.newBuilder(absolute(uri)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		public HttpResponse<String> post(URI uri, Map<String, List<String>> form)
				throws IOException, InterruptedException {
			String body = form.entrySet()
				.stream()
				.flatMap((entry) -> entry.getValue()
					.stream()
					.map((value) -> encode(entry.getKey()) + "=" + encode(value)))
				.collect(Collectors.joining("&"));
			return this.http.send(HttpRequest.newBuilder(absolute(uri))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		/** Posts a form as a person would: with the CSRF token of the page the form is on. */
		public HttpResponse<String> submit(URI page, URI action, Map<String, List<String>> fields)
				throws IOException, InterruptedException {
			Map<String, List<String>> form = new LinkedHashMap<>(fields);
			form.put("_csrf", List.of(hiddenValue(get(page).body(), "_csrf")));
			return post(action, form);
		}

		/** Signs in on the sign-in page. @return the response to the form post */
		public HttpResponse<String> signIn(String email, String password) throws IOException, InterruptedException {
			HttpResponse<String> page = get(uri("/login"));
			Map<String, List<String>> form = new LinkedHashMap<>();
			form.put("email", List.of(email));
			form.put("password", List.of(password));
			form.put("_csrf", List.of(hiddenValue(page.body(), "_csrf")));
			return post(uri("/login"), form);
		}

		/**
		 * Runs an authorization request to its end: signs in when asked, approves every requested scope
		 * on the consent page.
		 * @return the final redirect (to the client, or wherever the server sent the browser)
		 */
		public URI authorize(Authorization authorization, String email, String password)
				throws IOException, InterruptedException {
			URI next = authorization.requestUri();
			for (int hop = 0; hop < 10; hop++) {
				HttpResponse<String> response = get(next);
				if (response.statusCode() == 200 && next.getPath().equals("/oauth2/consent")) {
					response = approve(response.body(), authorization.scope());
				}
				else if (response.statusCode() != 302) {
					throw new IllegalStateException("Unexpected " + response.statusCode() + " at " + next);
				}
				URI location = absolute(URI.create(response.headers().firstValue("Location").orElseThrow()));
				if (location.getPath().equals("/login")) {
					HttpResponse<String> signedIn = signIn(email, password);
					location = absolute(URI.create(signedIn.headers().firstValue("Location").orElseThrow()));
				}
				if (!location.toString().startsWith(OAuthTestClient.this.base)) {
					return location;
				}
				next = location;
			}
			throw new IllegalStateException("Too many redirects");
		}

		private HttpResponse<String> approve(String consentPage, Scope scope) throws IOException, InterruptedException {
			Map<String, List<String>> form = new LinkedHashMap<>();
			form.put("client_id", List.of(hiddenValue(consentPage, "client_id")));
			form.put("state", List.of(hiddenValue(consentPage, "state")));
			form.put("scope", scope.toStringList());
			form.put("_csrf", List.of(hiddenValue(consentPage, "_csrf")));
			return post(uri("/oauth2/authorize"), form);
		}

		private URI absolute(URI uri) {
			return uri.isAbsolute() ? uri : URI.create(OAuthTestClient.this.base).resolve(uri);
		}

	}

	/** The value of the first {@code <input name="...">} with that name in a page. */
	public static String hiddenValue(String html, String name) {
		Matcher inputs = HIDDEN.matcher(html);
		while (inputs.find()) {
			String input = inputs.group();
			if (input.contains("name=\"" + name + "\"")) {
				Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(input);
				if (value.find()) {
					return value.group(1).replace("&amp;", "&");
				}
			}
		}
		throw new IllegalStateException("No input named " + name + " in page");
	}

	/** A query parameter of a redirect URI. */
	public static String queryParameter(URI uri, String name) {
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).equals(name)) {
				return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
		}
		throw new IllegalStateException("No " + name + " in " + uri);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
