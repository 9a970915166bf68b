package io.turnstile.auth.token;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.OAuthTestClient.Authorization;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating refresh tokens for public and confidential clients, with reuse detection (RFC 9700 §4.14.2).
 */
@TurnstileTest
class RefreshTokenIntegrationTests {

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
	void publicClientRefreshRotatesTheRefreshTokenAndKeepsTheSubject() throws Exception {
		Tokens first = signIn("refresh-rotate@example.com", OAuthTestClient.DEMO_WEB);

		Tokens second = success(this.client.refresh(OAuthTestClient.DEMO_WEB, first.getRefreshToken()));

		assertThat(second.getRefreshToken()).isNotNull();
		assertThat(second.getRefreshToken().getValue()).isNotEqualTo(first.getRefreshToken().getValue());
		assertThat(SignedJWT.parse(second.getAccessToken().getValue()).getJWTClaimsSet().getSubject())
			.isEqualTo(SignedJWT.parse(first.getAccessToken().getValue()).getJWTClaimsSet().getSubject());
		assertThat(this.client.introspect(second.getAccessToken()).isActive()).isTrue();
		assertThat(success(this.client.refresh(OAuthTestClient.DEMO_WEB, second.getRefreshToken())).getAccessToken())
			.isNotNull();
	}

	@Test
	void refusesReusedRefreshTokenAndRevokesFamily() throws Exception {
		Tokens first = signIn("refresh-reuse@example.com", OAuthTestClient.DEMO_WEB);
		Tokens second = success(this.client.refresh(OAuthTestClient.DEMO_WEB, first.getRefreshToken()));

		HTTPResponse reuse = this.client.refresh(OAuthTestClient.DEMO_WEB, first.getRefreshToken());

		assertThat(reuse.getStatusCode()).isEqualTo(400);
		assertThat(TokenErrorResponse.parse(reuse).getErrorObject().getCode()).isEqualTo("invalid_grant");
		HTTPResponse legitimate = this.client.refresh(OAuthTestClient.DEMO_WEB, second.getRefreshToken());
		assertThat(TokenErrorResponse.parse(legitimate).getErrorObject().getCode()).isEqualTo("invalid_grant");
		assertThat(this.client.introspect(second.getAccessToken()).isActive()).isFalse();
		assertThat(this.client.introspect(second.getRefreshToken()).isActive()).isFalse();
		assertThat(new UserInfoRequest(this.client.uri("/userinfo"), second.getBearerAccessToken()).toHTTPRequest()
			.send()
			.getStatusCode()).isEqualTo(401);
	}

	/** A client's retry racing its first attempt: one of the two gets the new tokens, never both, never a 500. */
	@Test
	void sameRefreshTokenSentTwiceAtOnceIsHonouredOnceAndRefusedOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < 10; i++) {
				Tokens tokens = signIn("refresh-race-" + i + "@example.com", OAuthTestClient.DEMO_WEB);
				CountDownLatch start = new CountDownLatch(1);
				Callable<HTTPResponse> refresh = () -> {
					start.await();
					return this.client.refresh(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken());
				};
				Future<HTTPResponse> one = pool.submit(refresh);
				Future<HTTPResponse> other = pool.submit(refresh);
				start.countDown();

				List<HTTPResponse> responses = List.of(one.get(), other.get());

				assertThat(responses).extracting(HTTPResponse::getStatusCode).containsExactlyInAnyOrder(200, 400);
				HTTPResponse refused = responses.stream().filter((r) -> r.getStatusCode() == 400).findFirst().orElseThrow();
				assertThat(TokenErrorResponse.parse(refused).getErrorObject().getCode()).isEqualTo("invalid_grant");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void confidentialClientRefreshRotatesAndDetectsReuseToo() throws Exception {
		Tokens first = signIn("refresh-confidential@example.com", OAuthTestClient.DEMO_BACKEND);
		Tokens second = success(this.client.refresh(OAuthTestClient.backend(), first.getRefreshToken()));

		HTTPResponse reuse = this.client.refresh(OAuthTestClient.backend(), first.getRefreshToken());

		assertThat(TokenErrorResponse.parse(reuse).getErrorObject().getCode()).isEqualTo("invalid_grant");
		assertThat(this.client.introspect(second.getAccessToken()).isActive()).isFalse();
	}

	@Test
	void refreshTokenOfOneClientIsRefusedToAnother() throws Exception {
		Tokens tokens = signIn("refresh-other-client@example.com", OAuthTestClient.DEMO_WEB);

		HTTPResponse response = this.client.refresh(new ClientID("demo-tv"), tokens.getRefreshToken());

		assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_grant");
		assertThat(success(this.client.refresh(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken()))).isNotNull();
	}

	@Test
	void confidentialClientCannotRefreshAsIfItWerePublic() throws Exception {
		Tokens tokens = signIn("refresh-no-secret@example.com", OAuthTestClient.DEMO_BACKEND);

		HTTPResponse response = this.client.refresh(OAuthTestClient.DEMO_BACKEND, tokens.getRefreshToken());

		assertThat(response.getStatusCode()).isEqualTo(401);
		assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_client");
	}

	@Test
	void publicClientRevokesItsRefreshTokenAndItStopsWorking() throws Exception {
		Tokens tokens = signIn("refresh-revoke@example.com", OAuthTestClient.DEMO_WEB);

		HTTPResponse revocation = this.client.revoke(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken());

		assertThat(revocation.getStatusCode()).isEqualTo(200);
		HTTPResponse refresh = this.client.refresh(OAuthTestClient.DEMO_WEB, tokens.getRefreshToken());
		assertThat(TokenErrorResponse.parse(refresh).getErrorObject().getCode()).isEqualTo("invalid_grant");
	}

	@Test
	void garbageRefreshTokenIsInvalidGrant() throws Exception {
		HTTPResponse response = this.client.refresh(OAuthTestClient.DEMO_WEB,
				new com.nimbusds.oauth2.sdk.token.RefreshToken("not-a-refresh-token"));

		assertThat(response.getStatusCode()).isEqualTo(400);
		assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_grant");
	}

	private Tokens signIn(String email, ClientID client) throws Exception {
		this.people.signUp(email, "correct horse battery", null);
		boolean web = client.equals(OAuthTestClient.DEMO_WEB);
		URI redirect = web ? OAuthTestClient.DEMO_WEB_REDIRECT : OAuthTestClient.DEMO_BACKEND_REDIRECT;
		Authorization authorization = this.client.authorization(client, redirect, "openid offline_access");
		URI callback = this.client.browser().authorize(authorization, email, "correct horse battery");
		AuthorizationCode code = new AuthorizationCode(OAuthTestClient.queryParameter(callback, "code"));
		HTTPResponse response = web
				? this.client.exchangeCode(client, code, redirect, authorization.verifier())
				: this.client.exchangeCode(OAuthTestClient.backend(), code, redirect, authorization.verifier());
		Tokens tokens = success(response);
		assertThat(tokens.getRefreshToken()).isNotNull();
		return tokens;
	}

	private static Tokens success(HTTPResponse response) throws Exception {
		TokenResponse parsed = TokenResponse.parse(response);
		assertThat(parsed.indicatesSuccess()).as(response.getBody()).isTrue();
		return parsed.toSuccessResponse().getTokens();
	}

}
