package io.turnstile.auth.keys;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.TokenResponse;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing keys persist and rotate: a retired key stays in the JWKS while tokens it signed can be
 * presented, and goes once they have all expired.
 */
@TurnstileTest
class SigningKeysIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SigningKeys signingKeys;

	@Autowired
	SigningKeyEntityRepository keys;

	@Autowired
	TransactionOperations transactions;

	@Test
	void rotationSignsWithTheNewKeyAndKeepsTheRetiredKeyPublishedUntilItsTokensExpire() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		String before = accessToken(client);
		String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

		String newKid = this.signingKeys.rotateNow();

		String after = accessToken(client);
		assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(oldKid);
		assertThat(publishedKids(client)).contains(oldKid, newKid);
		assertThat(verifiedSubject(client, before)).isEqualTo("demo-admin");
		SigningKeyEntity retired = this.keys.findById(oldKid).orElseThrow();
		assertThat(retired.state).isEqualTo(SigningKeyEntity.RETIRED);
		assertThat(retired.removeAfter).isAfter(Instant.now().plus(Duration.ofMinutes(30)));

		SigningKeys later = new SigningKeys(this.keys, new PrivateKeyCipher(null), this.transactions,
				Duration.ofDays(30), Duration.ofMinutes(35),
				Clock.fixed(retired.removeAfter.plusSeconds(1), ZoneOffset.UTC));
		later.rotateIfDue();
		this.signingKeys.rotateIfDue();

		assertThat(this.keys.findById(oldKid)).isEmpty();
		assertThat(publishedKids(client)).contains(newKid).doesNotContain(oldKid);
		assertThat(this.signingKeys.activeKeyId()).isEqualTo(newKid);
	}

	@Test
	void jwksCarriesAnEtagAndCacheHeadersAnswersARepeatWithNotModifiedAndChangesWithTheKeys() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> first = http.send(HttpRequest.newBuilder(client.uri("/oauth2/jwks")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(first.headers().firstValue("Cache-Control"))
			.hasValue("public, max-age=" + this.signingKeys.reloadInterval().toSeconds());
		String etag = first.headers().firstValue("ETag").orElseThrow();
		JWKSet served = JWKSet.parse(first.body());
		assertThat(served.getKeys()).noneMatch(JWK::isPrivate);
		assertThat(served.getKeys().stream().map(JWK::getKeyID))
			.containsExactlyInAnyOrderElementsOf(this.signingKeys.publishedKeys().getKeys().stream().map(JWK::getKeyID).toList());

		HttpResponse<String> repeat = http.send(
				HttpRequest.newBuilder(client.uri("/oauth2/jwks")).header("If-None-Match", etag).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(repeat.statusCode()).isEqualTo(304);
		assertThat(repeat.body()).isEmpty();

		String newKid = this.signingKeys.rotateNow();

		HttpResponse<String> afterRotation = http.send(
				HttpRequest.newBuilder(client.uri("/oauth2/jwks")).header("If-None-Match", etag).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(afterRotation.statusCode()).isEqualTo(200);
		assertThat(afterRotation.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
		assertThat(JWKSet.parse(afterRotation.body()).getKeyByKeyId(newKid)).isNotNull();
	}

	@Test
	void aDueRotationHappensOnceAndANotDueCheckChangesNothing() {
		String active = this.signingKeys.activeKeyId();

		this.signingKeys.rotateIfDue();

		assertThat(this.signingKeys.activeKeyId()).isEqualTo(active);
		assertThat(this.keys.findByStateOrderByCreatedAtDesc(SigningKeyEntity.ACTIVE)).hasSize(1);
	}

	@Test
	void operatorRotatesTheKeyThroughTheAdminApiAndSeesTheKeysWithoutTheirMaterial() throws Exception {
		OAuthTestClient client = new OAuthTestClient(this.port);
		ApiTestClient api = new ApiTestClient(client);
		String admin = api.serviceToken(OAuthTestClient.admin(), "admin");
		String before = this.signingKeys.activeKeyId();

		ApiTestClient.Response rotated = api.send("POST", "/admin/keys/rotation", admin, null);

		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		String after = rotated.json().get("activeKeyId").asString();
		assertThat(after).isNotEqualTo(before).isEqualTo(this.signingKeys.activeKeyId());
		assertThat(SignedJWT.parse(accessToken(client)).getHeader().getKeyID()).isEqualTo(after);
		ApiTestClient.Response listed = api.get("/admin/keys", admin);
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.body()).doesNotContain("\"d\"").doesNotContain("privateKey").doesNotContain("\"n\"");
		assertThat(listed.json().valueStream().filter((key) -> key.get("kid").asString().equals(after)))
			.singleElement()
			.satisfies((key) -> assertThat(key.get("state").asString()).isEqualTo("ACTIVE"));
		assertThat(listed.json().valueStream().filter((key) -> key.get("kid").asString().equals(before)))
			.singleElement()
			.satisfies((key) -> {
				assertThat(key.get("state").asString()).isEqualTo("RETIRED");
				assertThat(key.get("removeAfter").asLong()).isGreaterThan(Instant.now().getEpochSecond());
			});
		String notAdmin = api.serviceToken(OAuthTestClient.admin(), "entitlements.read");
		assertThat(api.send("POST", "/admin/keys/rotation", notAdmin, null).status()).isEqualTo(403);
	}

	private static String accessToken(OAuthTestClient client) throws Exception {
		return TokenResponse.parse(client.clientCredentials(OAuthTestClient.admin(), "admin"))
			.toSuccessResponse()
			.getTokens()
			.getAccessToken()
			.getValue();
	}

	private static String verifiedSubject(OAuthTestClient client, String token) throws Exception {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
				new ImmutableJWKSet<>(JWKSet.load(client.uri("/oauth2/jwks").toURL()))));
		return processor.process(token, null).getSubject();
	}

	private static List<String> publishedKids(OAuthTestClient client) throws Exception {
		return JWKSet.load(client.uri("/oauth2/jwks").toURL()).getKeys().stream().map(JWK::getKeyID).toList();
	}

}
