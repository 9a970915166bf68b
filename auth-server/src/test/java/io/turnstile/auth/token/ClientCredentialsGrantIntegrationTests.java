package io.turnstile.auth.token;

import java.net.URL;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@TurnstileTest
class ClientCredentialsGrantIntegrationTests {

	@LocalServerPort
	int port;

	OAuthTestClient client;

	@BeforeEach
	void setUp() {
		this.client = new OAuthTestClient(this.port);
	}

	@Test
	void issuesAtJwtAccessTokenWithAudienceClientIdAndScope() throws Exception {
		AccessToken token = accessToken("entitlements.read finance.read");
		SignedJWT jwt = SignedJWT.parse(token.getValue());

		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();
		JWTClaimsSet claims = verifiedAgainstJwks(jwt);
		assertThat(claims.getIssuer()).isEqualTo(this.client.issuer());
		assertThat(claims.getAudience()).containsExactly(this.client.issuer() + "/content");
		assertThat(claims.getSubject()).isEqualTo("demo-admin");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-admin");
		assertThat(claims.getStringClaim("scope")).isEqualTo("entitlements.read finance.read");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssueTime()).isNotNull();
		assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000L);
		assertThat(claims.getClaim("ent")).isNull();
	}

	@Test
	void refusesScopeTheClientIsNotRegisteredFor() throws Exception {
		HTTPResponse response = this.client.clientCredentials(OAuthTestClient.admin(), "openid offline_access");

		assertThat(response.getStatusCode()).isEqualTo(400);
		assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("invalid_scope");
	}

	@Test
	void wrongClientSecretIsUnauthorizedWithWwwAuthenticateAndNoReason() throws Exception {
		HTTPResponse response = this.client.clientCredentials(
				new ClientSecretBasic(new ClientID("demo-admin"), new Secret("not-the-secret")), "admin");

		assertThat(response.getStatusCode()).isEqualTo(401);
		assertThat(response.getHeaderValue("WWW-Authenticate")).startsWith("Basic realm=\"turnstile\"");
		assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("invalid_client");
		assertThat((String) response.getBodyAsJSONObject().get("error_description")).doesNotContain("secret");
	}

	@Test
	void unknownClientIsUnauthorizedLikeAWrongSecret() throws Exception {
		HTTPResponse response = this.client.clientCredentials(
				new ClientSecretBasic(new ClientID("nobody"), new Secret("whatever")), "admin");

		assertThat(response.getStatusCode()).isEqualTo(401);
		assertThat(response.getHeaderValue("WWW-Authenticate")).isNotBlank();
		assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("invalid_client");
	}

	@Test
	void liveTokenIntrospectsActiveWithItsClaims() throws Exception {
		AccessToken token = accessToken("admin");
		TokenIntrospectionSuccessResponse introspection = this.client.introspect(token);

		assertThat(introspection.isActive()).isTrue();
		assertThat(introspection.getClientID().getValue()).isEqualTo("demo-admin");
		assertThat(introspection.getScope().toStringList()).containsExactly("admin");
		assertThat(introspection.getSubject().getValue()).isEqualTo("demo-admin");
	}

	@Test
	void garbageTokenIntrospectsInactive() throws Exception {
		assertThat(this.client.introspect(new BearerAccessToken("garbage.not-a.token")).isActive()).isFalse();
		assertThat(this.client.introspect(new BearerAccessToken("sha256:" + "0".repeat(64))).isActive()).isFalse();
	}

	@Test
	void revokedTokenIntrospectsInactive() throws Exception {
		AccessToken token = accessToken("admin");
		HTTPResponse revocation = this.client.revoke(OAuthTestClient.admin(), token);

		assertThat(revocation.getStatusCode()).isEqualTo(200);
		assertThat(this.client.introspect(token).isActive()).isFalse();
	}

	@Test
	void revokedTokenIsRefusedAtTheApiAtOnce() throws Exception {
		AccessToken token = accessToken("admin");
		ApiTestClient api = new ApiTestClient(this.client);
		assertThat(api.get("/admin/audit?limit=1", token.getValue()).status()).isEqualTo(200);

		this.client.revoke(OAuthTestClient.admin(), token);

		assertThat(api.get("/admin/audit?limit=1", token.getValue()).status()).isEqualTo(401);
	}

	@Test
	void onlyTheClientItWasIssuedToMayRevokeIt() throws Exception {
		AccessToken token = accessToken("entitlements.read");

		HTTPResponse revocation = this.client.revoke(OAuthTestClient.backend(), token);

		assertThat(revocation.getStatusCode()).isEqualTo(400);
		assertThat(revocation.getBodyAsJSONObject().get("error")).isEqualTo("invalid_client");
		assertThat(this.client.introspect(token).isActive()).isTrue();
	}

	@Test
	void tokenSignedWithAnotherKeyButShapedLikeAClientTokenIntrospectsInactive() throws Exception {
		SignedJWT genuine = SignedJWT.parse(accessToken("admin").getValue());
		RSAKey attacker = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
		SignedJWT forged = new SignedJWT(genuine.getHeader(), genuine.getJWTClaimsSet());
		forged.sign(new RSASSASigner(attacker));

		assertThat(this.client.introspect(new BearerAccessToken(forged.serialize())).isActive()).isFalse();
	}

	@Test
	void jwksPublishesOnlyPublicKeys() throws Exception {
		com.nimbusds.jose.jwk.JWKSet jwks = com.nimbusds.jose.jwk.JWKSet.load(this.client.uri("/oauth2/jwks").toURL());

		assertThat(jwks.getKeys()).isNotEmpty();
		assertThat(jwks.getKeys()).noneMatch(com.nimbusds.jose.jwk.JWK::isPrivate);
	}

	private AccessToken accessToken(String scope) throws Exception {
		TokenResponse response = TokenResponse.parse(this.client.clientCredentials(OAuthTestClient.admin(), scope));
		assertThat(response.indicatesSuccess()).isTrue();
		AccessTokenResponse success = response.toSuccessResponse();
		assertThat(success.getTokens().getRefreshToken()).isNull();
		return success.getTokens().getAccessToken();
	}

	private JWTClaimsSet verifiedAgainstJwks(SignedJWT jwt) throws Exception {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
		URL jwks = this.client.uri("/oauth2/jwks").toURL();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
				JWKSourceBuilder.create(jwks).retrying(false).build()));
		return processor.process(jwt, null);
	}


}
