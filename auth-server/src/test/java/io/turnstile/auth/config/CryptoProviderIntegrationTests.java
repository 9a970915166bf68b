package io.turnstile.auth.config;

import java.security.Provider;
import java.security.Security;
import java.security.Signature;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.policy.CryptoProviders;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server signs with the provider {@code turnstile.crypto.provider} chose at start-up (ACCP unless the
 * switch says {@code jdk} or ACCP cannot load here), and its tokens verify with the JDK's own provider.
 */
@TurnstileTest
class CryptoProviderIntegrationTests {

	@LocalServerPort
	int port;

	@Value("${turnstile.crypto.provider}")
	String setting;

	@Test
	void serverSignsWithTheProviderTheSettingChose() throws Exception {
		Provider signer = Signature.getInstance("SHA256withRSA").getProvider();

		if ("jdk".equalsIgnoreCase(this.setting.trim())) {
			assertThat(signer.getName()).isEqualTo("SunRsaSign");
			assertThat(Security.getProvider(CryptoProviders.ACCP)).isNull();
		}
		else {
			assumeTrue(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null,
					() -> "ACCP does not load on this platform, the JDK signs: "
							+ AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());
			assertThat(signer.getName()).isEqualTo(CryptoProviders.ACCP);
		}
	}

	@Test
	void issuedTokensVerifyWithTheJdkProvider() throws Exception {
		OAuthTestClient oauth = new OAuthTestClient(this.port);
		AccessTokenResponse response = TokenResponse
			.parse(oauth.clientCredentials(OAuthTestClient.admin(), "entitlements.read"))
			.toSuccessResponse();
		SignedJWT token = SignedJWT.parse(response.getTokens().getAccessToken().getValue());
		RSAKey key = (RSAKey) JWKSet.load(oauth.uri("/oauth2/jwks").toURL()).getKeyByKeyId(token.getHeader().getKeyID());
		RSASSAVerifier jdk = new RSASSAVerifier(key.toRSAPublicKey());
		jdk.getJCAContext().setProvider(Security.getProvider("SunRsaSign"));

		assertThat(token.verify(jdk)).isTrue();
	}

}
