package io.turnstile.auth.token;

import java.net.URI;
import java.net.http.HttpResponse;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Authorization;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization-code grant with PKCE, as an app and a person's browser run it; the id token is
 * validated by the Nimbus OpenID Connect SDK. Mirrors the OpenID conformance suite's basic-profile
 * checks for code flow, PKCE, redirect URI matching and code reuse.
 */
@TurnstileTest
class AuthorizationCodeGrantIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	People people;

	OAuthTestClient client;

	@BeforeEach
	void setUp() {
		this.client = new OAuthTestClient(this.port);
	}

	@Test
	void personSignsInThroughFormAndConsentAndGetsValidatedIdToken() throws Exception {
		Person person = this.people.signUp("code-flow@example.com", "correct horse battery", "Code Flow");
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid profile email offline_access");

		URI callback = this.client.browser().authorize(authorization, "code-flow@example.com", "correct horse battery");

		assertThat(callback.toString()).startsWith(OAuthTestClient.DEMO_WEB_REDIRECT.toString());
		assertThat(OAuthTestClient.queryParameter(callback, "state")).isEqualTo(authorization.state().getValue());
		assertThat(OAuthTestClient.queryParameter(callback, "iss")).isEqualTo(this.client.issuer());
		AuthorizationCode code = new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code"));

		TokenResponse response = OAuthTestClient.parseOidc(this.client.exchangeCode(OAuthTestClient.DEMO_WEB, code,
				OAuthTestClient.DEMO_WEB_REDIRECT, authorization.verifier()));
		assertThat(response.indicatesSuccess()).isTrue();
		OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();

		IDTokenValidator validator = new IDTokenValidator(new Issuer(this.client.issuer()), OAuthTestClient.DEMO_WEB,
				JWSAlgorithm.RS256, this.client.uri("/oauth2/jwks").toURL());
		IDTokenClaimsSet idToken = validator.validate(tokens.getIDToken(), authorization.nonce());
		assertThat(idToken.getSubject().getValue()).isEqualTo(person.id()).doesNotContain("@");

		SignedJWT accessToken = SignedJWT.parse(tokens.getAccessToken().getValue());
		assertThat(accessToken.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(accessToken.getJWTClaimsSet().getSubject()).isEqualTo(person.id());
		assertThat(accessToken.getJWTClaimsSet().getAudience()).containsExactly(this.client.issuer() + "/content");
		assertThat(accessToken.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("demo-web");
		assertThat(tokens.getRefreshToken()).as("public clients get rotating refresh tokens").isNotNull();

		UserInfo userInfo = userInfo(tokens.getAccessToken());
		assertThat(userInfo.getSubject().getValue()).isEqualTo(person.id());
		assertThat(userInfo.getEmailAddress()).isEqualTo("code-flow@example.com");
		assertThat(userInfo.getName()).isEqualTo("Code Flow");
	}

	@Test
	void confidentialClientExchangesCodeWithItsSecret() throws Exception {
		this.people.signUp("backend-flow@example.com", "correct horse battery", "Backend Flow");
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_BACKEND,
				OAuthTestClient.DEMO_BACKEND_REDIRECT, "openid email");
		URI callback = this.client.browser()
			.authorize(authorization, "backend-flow@example.com", "correct horse battery");

		HTTPResponse response = this.client.exchangeCode(OAuthTestClient.backend(),
				new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")),
				OAuthTestClient.DEMO_BACKEND_REDIRECT, authorization.verifier());

		assertThat(response.getStatusCode()).isEqualTo(200);
		assertThat(OAuthTestClient.parseOidc(response).toSuccessResponse().getTokens().getRefreshToken()).isNotNull();
	}

	@Test
	void pkceVerifierMismatchIsInvalidGrant() throws Exception {
		URI callback = signedInCallback("pkce-mismatch@example.com");

		HTTPResponse response = this.client.exchangeCode(OAuthTestClient.DEMO_WEB,
				new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")),
				OAuthTestClient.DEMO_WEB_REDIRECT, new CodeVerifier());

		assertThat(response.getStatusCode()).isEqualTo(400);
		assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_grant");
	}

	@Test
	void reusedAuthorizationCodeIsInvalidGrantAndRevokesTheTokensIssuedFromIt() throws Exception {
		this.people.signUp("code-reuse@example.com", "correct horse battery", null);
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid offline_access");
		URI callback = this.client.browser().authorize(authorization, "code-reuse@example.com", "correct horse battery");
		AuthorizationCode code = new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code"));
		OIDCTokens tokens = ((OIDCTokenResponse) OAuthTestClient
			.parseOidc(this.client.exchangeCode(OAuthTestClient.DEMO_WEB, code, OAuthTestClient.DEMO_WEB_REDIRECT,
					authorization.verifier()))
			.toSuccessResponse()).getOIDCTokens();
		assertThat(this.client.introspect(tokens.getAccessToken()).isActive()).isTrue();

		HTTPResponse replay = this.client.exchangeCode(OAuthTestClient.DEMO_WEB, code,
				OAuthTestClient.DEMO_WEB_REDIRECT, authorization.verifier());

		assertThat(replay.getStatusCode()).isEqualTo(400);
		assertThat(TokenErrorResponse.parse(replay).getErrorObject().getCode()).isEqualTo("invalid_grant");
		assertThat(this.client.introspect(tokens.getAccessToken()).isActive()).isFalse();
		assertThat(this.client.introspect(tokens.getRefreshToken()).isActive()).isFalse();
	}

	@Test
	void unregisteredRedirectUriIsNeverRedirectedTo() throws Exception {
		this.people.signUp("bad-redirect@example.com", "correct horse battery", null);
		URI evil = URI.create("http://127.0.0.1:8081/callback/../evil");
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_WEB, evil, "openid");
		OAuthTestClient.Browser browser = this.client.browser();
		browser.signIn("bad-redirect@example.com", "correct horse battery");

		HttpResponse<String> response = browser.get(authorization.requestUri());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).doesNotContain("Exception");
	}

	@Test
	void redirectUriMustMatchExactlyNotByPrefix() throws Exception {
		this.people.signUp("prefix-redirect@example.com", "correct horse battery", null);
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_WEB,
				URI.create("http://127.0.0.1:8081/callback?next=elsewhere"), "openid");
		OAuthTestClient.Browser browser = this.client.browser();
		browser.signIn("prefix-redirect@example.com", "correct horse battery");

		HttpResponse<String> response = browser.get(authorization.requestUri());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void publicClientWithoutPkceIsRefused() throws Exception {
		this.people.signUp("no-pkce@example.com", "correct horse battery", null);
		URI request = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse("openid"),
				OAuthTestClient.DEMO_WEB, OAuthTestClient.DEMO_WEB_REDIRECT)
			.state(new State())
			.endpointURI(this.client.uri("/oauth2/authorize"))
			.build()
			.toURI();
		OAuthTestClient.Browser browser = this.client.browser();
		browser.signIn("no-pkce@example.com", "correct horse battery");

		HttpResponse<String> response = browser.get(request);

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
		assertThat(OAuthTestClient.queryParameter(location, "error")).isEqualTo("invalid_request");
	}

	@Test
	void plainPkceMethodIsRefused() throws Exception {
		this.people.signUp("plain-pkce@example.com", "correct horse battery", null);
		URI request = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse("openid"),
				OAuthTestClient.DEMO_WEB, OAuthTestClient.DEMO_WEB_REDIRECT)
			.state(new State())
			.codeChallenge(new CodeVerifier(), CodeChallengeMethod.PLAIN)
			.endpointURI(this.client.uri("/oauth2/authorize"))
			.build()
			.toURI();
		OAuthTestClient.Browser browser = this.client.browser();
		browser.signIn("plain-pkce@example.com", "correct horse battery");

		HttpResponse<String> response = browser.get(request);

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
		assertThat(OAuthTestClient.queryParameter(location, "error")).isEqualTo("invalid_request");
	}

	@Test
	void implicitGrantIsNotOffered() throws Exception {
		this.people.signUp("implicit@example.com", "correct horse battery", null);
		URI request = URI.create(this.client.uri("/oauth2/authorize")
				+ "?response_type=token&client_id=demo-web&scope=openid&state=s&redirect_uri="
				+ java.net.URLEncoder.encode(OAuthTestClient.DEMO_WEB_REDIRECT.toString(), java.nio.charset.StandardCharsets.UTF_8));
		OAuthTestClient.Browser browser = this.client.browser();
		browser.signIn("implicit@example.com", "correct horse battery");

		HttpResponse<String> response = browser.get(request);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).doesNotContain("access_token");
	}

	@Test
	void passwordGrantIsNotOffered() throws Exception {
		com.nimbusds.oauth2.sdk.http.HTTPRequest request = new com.nimbusds.oauth2.sdk.http.HTTPRequest(
				com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.POST, this.client.uri("/oauth2/token"));
		request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
		OAuthTestClient.backend().applyTo(request);
		request.setBody("grant_type=password&username=demo%40turnstile.local&password=x");

		HTTPResponse response = request.send();

		assertThat(response.getStatusCode()).isEqualTo(400);
		assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("unsupported_grant_type");
	}

	private URI signedInCallback(String email) throws Exception {
		this.people.signUp(email, "correct horse battery", null);
		Authorization authorization = this.client.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid");
		return this.client.browser().authorize(authorization, email, "correct horse battery");
	}

	private UserInfo userInfo(AccessToken accessToken) throws Exception {
		UserInfoResponse response = UserInfoResponse
			.parse(new UserInfoRequest(this.client.uri("/userinfo"), accessToken).toHTTPRequest().send());
		assertThat(response.indicatesSuccess()).isTrue();
		return response.toSuccessResponse().getUserInfo();
	}

}
