package io.turnstile.auth.config;


import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@TurnstileTest
class DiscoveryIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void openidConfigurationAdvertisesEveryEndpointAndOnlyTheGrantsThatWork() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		HTTPResponse response = new HTTPRequest(HTTPRequest.Method.GET,
				client.uri("/.well-known/openid-configuration"))
			.send();
		OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.getBodyAsJSONObject());

		assertThat(metadata.getIssuer().getValue()).isEqualTo(client.issuer());
		assertThat(metadata.getAuthorizationEndpointURI()).isEqualTo(client.uri("/oauth2/authorize"));
		assertThat(metadata.getTokenEndpointURI()).isEqualTo(client.uri("/oauth2/token"));
		assertThat(metadata.getJWKSetURI()).isEqualTo(client.uri("/oauth2/jwks"));
		assertThat(metadata.getUserInfoEndpointURI()).isEqualTo(client.uri("/userinfo"));
		assertThat(metadata.getEndSessionEndpointURI()).isEqualTo(client.uri("/connect/logout"));
		assertThat(metadata.getIntrospectionEndpointURI()).isEqualTo(client.uri("/oauth2/introspect"));
		assertThat(metadata.getRevocationEndpointURI()).isEqualTo(client.uri("/oauth2/revoke"));
		assertThat(metadata.getGrantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE,
				GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.DEVICE_CODE);
		assertThat(metadata.getDeviceAuthorizationEndpointURI()).isEqualTo(client.uri("/oauth2/device_authorization"));
		assertThat(metadata.getResponseTypes()).containsExactly(ResponseType.CODE);
		assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
		assertThat(metadata.getTokenEndpointAuthMethods()).containsExactlyInAnyOrder(
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST,
				ClientAuthenticationMethod.NONE);
		assertThat(metadata.getScopes().toStringList()).contains("openid", "profile", "email", "offline_access",
				"entitlements");
		assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
		assertThat(response.getBodyAsJSONObject()).doesNotContainKeys("pushed_authorization_request_endpoint", "registration_endpoint",
				"tls_client_certificate_bound_access_tokens");
		assertThat(metadata.getDPoPJWSAlgs()).extracting(Object::toString).contains("ES256", "RS256");
	}

	@Test
	void oauthAuthorizationServerMetadataMatchesTheOpenidConfiguration() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		HTTPResponse response = new HTTPRequest(HTTPRequest.Method.GET,
				client.uri("/.well-known/oauth-authorization-server"))
			.send();
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(response.getBodyAsJSONObject());

		assertThat(metadata.getIssuer().getValue()).isEqualTo(client.issuer());
		assertThat(metadata.getTokenEndpointURI()).isEqualTo(client.uri("/oauth2/token"));
		assertThat(metadata.getGrantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE,
				GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.DEVICE_CODE);
		assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
		assertThat(metadata.getDeviceAuthorizationEndpointURI()).isEqualTo(client.uri("/oauth2/device_authorization"));
	}

	@Test
	void tokenExchangeIsNotAcceptedSinceItIsNotAdvertised() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, client.uri("/oauth2/token"));
		request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
		OAuthTestClient.backend().applyTo(request);
		request.setBody("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=x"
				+ "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token");
		HTTPResponse response = request.send();

		assertThat(response.getStatusCode()).isEqualTo(400);
		assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("unsupported_grant_type");
	}


}
