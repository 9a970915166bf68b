package io.turnstile.auth.dpop;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Authorization;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.client.ClientSecretEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP (RFC 9449) with the Nimbus SDK as the app: server nonces, DPoP-bound access tokens at the server's
 * own resource endpoints, proofs used once, refresh tokens of public clients bound to the key, and
 * clients that must use DPoP.
 */
@TurnstileTest
class DPoPIntegrationTests {

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	RegisteredClientRepository clients;

	OAuthTestClient oauth;

	ECKey deviceKey;

	DefaultDPoPProofFactory proofs;

	@BeforeEach
	void setUp() throws Exception {
		this.oauth = new OAuthTestClient(this.port);
		this.deviceKey = new ECKeyGenerator(Curve.P_256).keyID("device").generate();
		this.proofs = new DefaultDPoPProofFactory(this.deviceKey, JWSAlgorithm.ES256);
	}

	@Test
	void tokenEndpointAsksForANonceThenIssuesAKeyBoundAccessToken() throws Exception {
		Person person = this.people.signUp("dpop-bound@example.com", PASSWORD, null);
		Authorization authorization = this.oauth.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid offline_access");
		URI callback = this.oauth.browser().authorize(authorization, person.email(), PASSWORD);
		AuthorizationGrant grant = new AuthorizationCodeGrant(
				new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")), OAuthTestClient.DEMO_WEB_REDIRECT,
				authorization.verifier());

		HTTPResponse first = tokenRequest(grant, null);
		assertThat(first.getStatusCode()).isEqualTo(400);
		assertThat(TokenErrorResponse.parse(first).getErrorObject().getCode()).isEqualTo("use_dpop_nonce");
		String nonce = first.getHeaderValue("DPoP-Nonce");
		assertThat(nonce).isNotBlank();

		Tokens tokens = TokenResponse.parse(tokenRequest(grant, nonce)).toSuccessResponse().getTokens();

		assertThat(tokens.getAccessToken()).isInstanceOf(DPoPAccessToken.class);
		Map<String, Object> cnf = SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet()
			.getJSONObjectClaim("cnf");
		assertThat(cnf.get("jkt")).isEqualTo(this.deviceKey.computeThumbprint().toString());
	}

	@Test
	void boundTokenWorksOnlyWithAFreshProofOfItsKey() throws Exception {
		Tokens tokens = boundTokens("dpop-resource@example.com");
		AccessToken token = tokens.getAccessToken();
		URI userinfo = this.oauth.uri("/userinfo");

		HTTPRequest withProof = new UserInfoRequest(userinfo, (DPoPAccessToken) token).toHTTPRequest();
		SignedJWT proof = this.proofs.createDPoPJWT("GET", userinfo, token);
		withProof.setDPoP(proof);
		assertThat(withProof.send().getStatusCode()).isEqualTo(200);

		HTTPRequest replayed = new UserInfoRequest(userinfo, (DPoPAccessToken) token).toHTTPRequest();
		replayed.setDPoP(proof);
		assertThat(replayed.send().getStatusCode()).as("a proof is used once").isEqualTo(401);

		HTTPRequest asBearer = new HTTPRequest(HTTPRequest.Method.GET, userinfo);
		asBearer.setAuthorization("Bearer " + token.getValue());
		assertThat(asBearer.send().getStatusCode()).as("no downgrade to bearer").isEqualTo(401);

		DefaultDPoPProofFactory thief = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(),
				JWSAlgorithm.ES256);
		HTTPRequest stolen = new UserInfoRequest(userinfo, (DPoPAccessToken) token).toHTTPRequest();
		stolen.setDPoP(thief.createDPoPJWT("GET", userinfo, token));
		assertThat(stolen.send().getStatusCode()).as("a copied token without the key").isEqualTo(401);

		URI devices = this.oauth.uri("/api/me/devices");
		HTTPRequest api = new HTTPRequest(HTTPRequest.Method.GET, devices);
		api.setAuthorization(token.toAuthorizationHeader());
		api.setDPoP(this.proofs.createDPoPJWT("GET", devices, token));
		assertThat(api.send().getStatusCode()).isEqualTo(200);
	}

	@Test
	void decisionsHonourABoundTokenOnlyWithTheProofOfTheContentRequest() throws Exception {
		AccessToken token = boundTokens("dpop-decision@example.com").getAccessToken();
		URI content = URI.create("https://cdn.example.com/play/title-9");
		String proof = this.proofs.createDPoPJWT("GET", content, token).serialize();
		io.turnstile.auth.ApiTestClient api = new io.turnstile.auth.ApiTestClient(this.oauth);

		HTTPRequest withProof = new HTTPRequest(HTTPRequest.Method.POST, this.oauth.uri("/api/decisions"));
		withProof.setAuthorization("DPoP " + token.getValue());
		withProof.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_JSON);
		withProof.setBody("{\"content\":{\"id\":\"title-9\"},\"dpop\":{\"proof\":\"" + proof
				+ "\",\"htm\":\"GET\",\"htu\":\"" + content + "\"}}");
		HTTPResponse permitted = withProof.send();
		io.turnstile.auth.ApiTestClient.Response copied = api.send("POST", "/api/decisions", token.getValue(),
				"{\"content\":{\"id\":\"title-9\"}}");

		assertThat(permitted.getBodyAsJSONObject().get("decision")).isEqualTo("PERMIT");
		assertThat(copied.json().get("decision").asString()).isEqualTo("DENY");
		assertThat(copied.json().get("reasons").toString()).contains("TOKEN_NOT_BOUND_TO_CALLER");
	}

	@Test
	void publicClientsBoundRefreshTokenNeedsAProofOfTheSameKey() throws Exception {
		Tokens tokens = boundTokens("dpop-refresh@example.com");
		RefreshToken refreshToken = tokens.getRefreshToken();
		RefreshTokenGrant grant = new RefreshTokenGrant(refreshToken);

		HTTPResponse withoutProof = new TokenRequest(this.oauth.uri("/oauth2/token"), OAuthTestClient.DEMO_WEB, grant,
				null)
			.toHTTPRequest()
			.send();
		assertThat(TokenErrorResponse.parse(withoutProof).getErrorObject().getCode()).isEqualTo("invalid_dpop_proof");

		DefaultDPoPProofFactory thief = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(),
				JWSAlgorithm.ES256);
		HTTPRequest otherKey = new TokenRequest(this.oauth.uri("/oauth2/token"), OAuthTestClient.DEMO_WEB, grant, null)
			.toHTTPRequest();
		otherKey.setDPoP(thief.createDPoPJWT("POST", this.oauth.uri("/oauth2/token"), new Nonce(nonce())));
		assertThat(otherKey.send().indicatesSuccess()).isFalse();

		HTTPResponse sameKey = tokenRequest(grant, nonce());
		assertThat(sameKey.getStatusCode()).isEqualTo(200);
	}

	@Test
	void clientRegisteredToRequireDPoPGetsNoTokenWithoutAProof() throws Exception {
		String clientId = "dpop-only-" + UUID.randomUUID();
		this.clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientSecret(new ClientSecretEncoder().encode("dpop-only-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("entitlements.read")
			.clientSettings(ClientSettings.builder().setting(DPoPTokenRequestAuthenticationProvider.REQUIRE_DPOP, true).build())
			.build());
		ClientSecretBasic client = new ClientSecretBasic(new ClientID(clientId), new Secret("dpop-only-secret"));

		HTTPResponse bearer = new TokenRequest(this.oauth.uri("/oauth2/token"), client, new ClientCredentialsGrant(),
				null)
			.toHTTPRequest()
			.send();
		HTTPRequest withProof = new TokenRequest(this.oauth.uri("/oauth2/token"), client, new ClientCredentialsGrant(),
				null)
			.toHTTPRequest();
		withProof.setDPoP(this.proofs.createDPoPJWT("POST", this.oauth.uri("/oauth2/token"), new Nonce(nonce())));

		assertThat(TokenErrorResponse.parse(bearer).getErrorObject().getCode()).isEqualTo("invalid_dpop_proof");
		assertThat(TokenResponse.parse(withProof.send()).toSuccessResponse().getTokens().getAccessToken())
			.isInstanceOf(DPoPAccessToken.class);
	}

	@Test
	void tokenEndpointProofIsUsedOnce() throws Exception {
		String nonce = nonce();
		SignedJWT proof = this.proofs.createDPoPJWT("POST", this.oauth.uri("/oauth2/token"), new Nonce(nonce));
		HTTPRequest first = new TokenRequest(this.oauth.uri("/oauth2/token"), OAuthTestClient.admin(),
				new ClientCredentialsGrant(), null)
			.toHTTPRequest();
		first.setDPoP(proof);
		HTTPRequest replay = new TokenRequest(this.oauth.uri("/oauth2/token"), OAuthTestClient.admin(),
				new ClientCredentialsGrant(), null)
			.toHTTPRequest();
		replay.setDPoP(proof);

		assertThat(first.send().getStatusCode()).isEqualTo(200);
		assertThat(TokenErrorResponse.parse(replay.send()).getErrorObject().getCode()).isEqualTo("invalid_dpop_proof");
	}

	private Tokens boundTokens(String email) throws Exception {
		Person person = this.people.signUp(email, PASSWORD, null);
		Authorization authorization = this.oauth.authorization(OAuthTestClient.DEMO_WEB,
				OAuthTestClient.DEMO_WEB_REDIRECT, "openid offline_access");
		URI callback = this.oauth.browser().authorize(authorization, person.email(), PASSWORD);
		AuthorizationGrant grant = new AuthorizationCodeGrant(
				new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code")), OAuthTestClient.DEMO_WEB_REDIRECT,
				authorization.verifier());
		return TokenResponse.parse(tokenRequest(grant, nonce())).toSuccessResponse().getTokens();
	}

	private HTTPResponse tokenRequest(AuthorizationGrant grant, String nonce) throws Exception {
		HTTPRequest request = new TokenRequest(this.oauth.uri("/oauth2/token"), OAuthTestClient.DEMO_WEB, grant, null)
			.toHTTPRequest();
		request.setDPoP((nonce != null) ? this.proofs.createDPoPJWT("POST", this.oauth.uri("/oauth2/token"), new Nonce(nonce))
				: this.proofs.createDPoPJWT("POST", this.oauth.uri("/oauth2/token")));
		return request.send();
	}

	private String nonce() throws Exception {
		HTTPRequest request = new TokenRequest(this.oauth.uri("/oauth2/token"), OAuthTestClient.admin(),
				new ClientCredentialsGrant(), null)
			.toHTTPRequest();
		request.setDPoP(this.proofs.createDPoPJWT("POST", this.oauth.uri("/oauth2/token")));
		return request.send().getHeaderValue("DPoP-Nonce");
	}

}
