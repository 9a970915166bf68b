package io.turnstile.auth.token;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /userinfo} accepts only tokens our decoder verifies ({@code typ: at+jwt}, RS256, our issuer and
 * audience, not expired, not revoked), and expired tokens introspect inactive.
 */
@TurnstileTest
class UserInfoIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JwtEncoder jwtEncoder;

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Autowired
	RegisteredClientRepository clients;

	OAuthTestClient client;

	@BeforeEach
	void setUp() {
		this.client = new OAuthTestClient(this.port);
	}

	@Test
	void tokenWithAlgNoneIsRefusedByUserinfo() throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.client.issuer())
			.subject("someone")
			.audience(this.client.issuer() + "/content")
			.claim("scope", "openid profile email")
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.build();
		PlainJWT unsigned = new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims);

		HTTPResponse response = userInfo(unsigned.serialize());

		assertThat(response.getStatusCode()).isEqualTo(401);
		assertThat(response.getHeaderValue("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void tokenSignedByUsButTypedJwtIsRefusedByUserinfo() throws Exception {
		String token = mint("JWT", Instant.now().plusSeconds(300));

		assertThat(userInfo(token).getStatusCode()).isEqualTo(401);
	}

	@Test
	void expiredTokenIsRefusedByUserinfoAndIntrospectsInactive() throws Exception {
		String token = mint("at+jwt", Instant.now().minusSeconds(60));
		var admin = this.clients.findByClientId("demo-admin");
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(admin)
			.principalName("demo-admin")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, Instant.now().minusSeconds(360),
					Instant.now().minusSeconds(60)))
			.build());

		assertThat(userInfo(token).getStatusCode()).isEqualTo(401);
		assertThat(this.client.introspect(new BearerAccessToken(token)).isActive()).isFalse();
	}

	@Test
	void serviceTokenWithoutOpenidScopeGetsNoUserinfo() throws Exception {
		BearerAccessToken token = TokenResponse
			.parse(this.client.clientCredentials(OAuthTestClient.admin(), "entitlements.read"))
			.toSuccessResponse()
			.getTokens()
			.getBearerAccessToken();

		HTTPResponse response = userInfo(token.getValue());

		assertThat(response.getStatusCode()).isEqualTo(403);
		assertThat(response.getHeaderValue("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");
	}

	@Test
	void truncatedTokenIsRefusedByUserinfo() throws Exception {
		String token = mint("at+jwt", Instant.now().plusSeconds(300));

		assertThat(userInfo(token.substring(0, token.length() - 10)).getStatusCode()).isEqualTo(401);
	}

	private String mint(String type, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.client.issuer())
			.subject("demo-admin")
			.audience(List.of(this.client.issuer() + "/content"))
			.issuedAt(expiresAt.minusSeconds(300))
			.expiresAt(expiresAt)
			.claim("scope", "openid")
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type(type).build();
		return this.jwtEncoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	private HTTPResponse userInfo(String token) throws Exception {
		return new UserInfoRequest(this.client.uri("/userinfo"), new BearerAccessToken(token)).toHTTPRequest().send();
	}

}
