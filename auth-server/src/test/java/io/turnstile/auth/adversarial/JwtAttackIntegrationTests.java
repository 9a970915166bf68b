package io.turnstile.auth.adversarial;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.keys.SigningKeys;
import io.turnstile.auth.token.JpaOAuth2AuthorizationService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static io.turnstile.auth.adversarial.HostileResponses.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT attacks against every endpoint that takes an access token: each attack token is refused (401 from
 * the bearer endpoints, {@code DENY} with {@code TOKEN_INVALID} or {@code TOKEN_EXPIRED} from
 * {@code POST /api/decisions}, {@code active: false} from introspection) without a stack trace.
 * <p>
 * So that only signature and claims checks stand between an attack and the endpoint, every attack token is
 * first stored as a live access token of a real person, as if the authorization service had issued it
 * (for introspection, which answers from the store and never from the token, it is not stored). The same
 * token with nothing wrong with it, stored the same way, is accepted everywhere: that is the control.
 */
@TurnstileTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAttackIntegrationTests {

	static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Autowired
	SigningKeys signingKeys;

	@Autowired
	JpaOAuth2AuthorizationService authorizations;

	@Autowired
	RegisteredClientRepository clients;

	final HttpClient http = HttpClient.newHttpClient();

	OAuthTestClient oauth;

	Person person;

	RSAKey attackerKey;

	AttackerServer attacker;

	@BeforeAll
	void setUp() throws Exception {
		this.oauth = new OAuthTestClient(this.port);
		this.person = this.people.signUp("jwt-attacks-" + UUID.randomUUID() + "@example.com", "attack-password-1", null);
		this.attackerKey = new RSAKeyGenerator(2048).keyID("attacker-key").generate();
		this.attacker = AttackerServer.publishing(this.attackerKey);
	}

	@AfterAll
	void stopAttacker() {
		assertThat(this.attacker.requests()).as("requests to the attacker's jku/x5u server").isZero();
		this.attacker.close();
	}

	static Stream<Arguments> attacksOnEndpoints() {
		return Stream.of(Attack.values())
			.flatMap((attack) -> Stream.of(Endpoint.values()).map((endpoint) -> Arguments.of(attack, endpoint)));
	}

	@ParameterizedTest(name = "{0} is refused by {1}")
	@MethodSource("attacksOnEndpoints")
	void attackTokenIsRefusedWithoutAStackTrace(Attack attack, Endpoint endpoint) throws Exception {
		Forge forge = new Forge();
		String token = attack.token(forge);
		if (endpoint != Endpoint.INTROSPECTION) {
			store(token, forge);
		}

		HttpResponse<String> response = endpoint.send(this, token);

		assertNoStackTrace(attack + " at " + endpoint, response.statusCode(), response.body());
		if (attack == Attack.OVERSIZED && endpoint != Endpoint.INTROSPECTION) {
			// a 1 MB header is refused by the server before any of our code sees it
			assertThat(response.statusCode()).isIn(400, 401, 431);
			return;
		}
		switch (endpoint) {
			case DECISIONS -> {
				assertThat(response.statusCode()).isEqualTo(200);
				JsonNode decision = JSON.readTree(response.body());
				assertThat(decision.get("decision").asString()).isEqualTo("DENY");
				assertThat(decision.get("reasons").valueStream().map(JsonNode::asString).toList())
					.containsExactly((attack == Attack.EXPIRED) ? "TOKEN_EXPIRED" : "TOKEN_INVALID");
			}
			case INTROSPECTION -> {
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(JSON.readTree(response.body()).get("active").asBoolean()).isFalse();
			}
			default -> {
				assertThat(response.statusCode()).isEqualTo(401);
				assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
						(challenge) -> assertThat(challenge).startsWith("Bearer"));
			}
		}
	}

	@ParameterizedTest(name = "a valid token stored the same way is accepted by {0}")
	@EnumSource(Endpoint.class)
	void validTokenStoredTheSameWayIsAccepted(Endpoint endpoint) throws Exception {
		Forge forge = new Forge();
		String token = forge.signedByUs(forge.header().build(), forge.claims().build());
		store(token, forge);

		HttpResponse<String> response = endpoint.send(this, token);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(endpoint.acceptedStatus);
		if (endpoint == Endpoint.DECISIONS) {
			assertThat(JSON.readTree(response.body()).get("decision").asString()).isEqualTo("PERMIT");
		}
		if (endpoint == Endpoint.INTROSPECTION) {
			assertThat(JSON.readTree(response.body()).get("active").asBoolean()).isTrue();
		}
	}

	/** Saves the token as a person's live access token (with an id token, as after an OIDC sign-in). */
	private void store(String token, Forge forge) {
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", this.person.id());
		claims.put("jti", forge.jti);
		claims.put("iat", now.minusSeconds(60));
		claims.put("exp", now.plusSeconds(240));
		OidcIdToken idToken = OidcIdToken.withTokenValue("id-token-" + forge.jti)
			.subject(this.person.id())
			.issuedAt(now.minusSeconds(60))
			.expiresAt(now.plusSeconds(1800))
			.build();
		OAuth2Authorization authorization = OAuth2Authorization
			.withRegisteredClient(this.clients.findByClientId(OAuthTestClient.DEMO_WEB.getValue()))
			.id(forge.deviceId)
			.principalName(this.person.id())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Forge.SCOPES)
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, now.minusSeconds(60),
					now.plusSeconds(240), Forge.SCOPES),
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims))
			.token(idToken,
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()))
			.build();
		this.authorizations.save(authorization);
	}

	HttpResponse<String> bearer(String method, String path, String token, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.oauth.uri(path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json");
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> introspect(String token) throws Exception {
		String basic = Base64.getEncoder()
			.encodeToString(("demo-backend:" + TurnstileTest.BACKEND_SECRET).getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(this.oauth.uri("/oauth2/introspect"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Every endpoint that takes an access token, with a request that is harmless when it is accepted. */
	enum Endpoint {

		USERINFO("GET", "/userinfo", null, 200),
		USER_ENTITLEMENTS("GET", "/api/users/{userId}/entitlements", null, 200),
		MY_DEVICES("GET", "/api/me/devices", null, 200),
		SIGN_OUT_DEVICE("DELETE", "/api/me/devices/no-such-device", null, 404),
		STREAMS("GET", "/api/streams", null, 200),
		START_STREAM("POST", "/api/streams", "{\"contentId\":\"film-1\",\"deviceId\":\"someone-elses-tv\"}", 403),
		CHANGE_FEED("GET", "/api/entitlements/changes", null, 200),
		ADMIN_EVENTS("GET", "/admin/ppv-events", null, 200),
		ADMIN_GRANT("POST", "/admin/users/{userId}/grants", "{\"type\":\"nothing\",\"reason\":\"attack\"}", 400),
		ADMIN_AUDIT("GET", "/admin/audit?limit=1", null, 200),
		DECISIONS("POST", "/api/decisions", "{\"content\":{\"id\":\"free-title\"}}", 200),
		INTROSPECTION("POST", "/oauth2/introspect", null, 200);

		final String method;

		final String path;

		final String json;

		final int acceptedStatus;

		Endpoint(String method, String path, String json, int acceptedStatus) {
			this.method = method;
			this.path = path;
			this.json = json;
			this.acceptedStatus = acceptedStatus;
		}

		HttpResponse<String> send(JwtAttackIntegrationTests test, String token) throws Exception {
			if (this == INTROSPECTION) {
				return test.introspect(token);
			}
			return test.bearer(this.method, this.path.replace("{userId}", test.person.id()), token, this.json);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/** The attacks, each building a token with exactly one thing wrong with it. */
	enum Attack {

		ALG_NONE("alg none") {
			@Override
			String token(Forge forge) {
				return new PlainJWT(new PlainHeader.Builder().type(AT_JWT).build(), forge.claims().build()).serialize();
			}
		},
		ALG_NONE_WITH_OUR_SIGNATURE("alg none with a genuine signature attached") {
			@Override
			String token(Forge forge) {
				String genuine = forge.signedByUs(forge.header().build(), forge.claims().build());
				String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString();
				return header + genuine.substring(genuine.indexOf('.'));
			}
		},
		HS256_WITH_PUBLIC_KEY("HS256 keyed with our RSA public key") {
			@Override
			String token(Forge forge) throws Exception {
				JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(forge.ourKey.getKeyID())
					.type(AT_JWT)
					.build();
				return Forge.sign(header, forge.claims().build(),
						new MACSigner(forge.ourKey.toRSAPublicKey().getEncoded()));
			}
		},
		HS256_WITH_PUBLISHED_JWK("HS256 keyed with our published JWK") {
			@Override
			String token(Forge forge) throws Exception {
				JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(forge.ourKey.getKeyID())
					.type(AT_JWT)
					.build();
				byte[] secret = forge.ourKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
				return Forge.sign(header, forge.claims().build(), new MACSigner(secret));
			}
		},
		KID_PATH_TRAVERSAL("kid with path traversal") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().keyID("../../../../../../etc/passwd").build(),
						forge.claims().build());
			}
		},
		KID_SQL_INJECTION("kid with SQL") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().keyID("' OR '1'='1").build(), forge.claims().build());
			}
		},
		KID_SQL_DROP("kid dropping a table") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().keyID("x'; drop table signing_key; --").build(),
						forge.claims().build());
			}
		},
		JKU_TO_ATTACKER_KEY("jku pointing at the attacker's key") {
			@Override
			String token(Forge forge) {
				JWSHeader header = forge.header()
					.keyID(forge.attackerKey.getKeyID())
					.jwkURL(forge.attacker.uri("/jwks.json"))
					.build();
				return Forge.sign(header, forge.claims().build(), Forge.signer(forge.attackerKey));
			}
		},
		X5U_TO_ATTACKER_CERTIFICATE("x5u pointing at the attacker's certificate") {
			@Override
			String token(Forge forge) {
				JWSHeader header = forge.header().x509CertURL(forge.attacker.uri("/cert.pem")).build();
				return Forge.sign(header, forge.claims().build(), Forge.signer(forge.attackerKey));
			}
		},
		EMBEDDED_ATTACKER_JWK("the attacker's key embedded as jwk") {
			@Override
			String token(Forge forge) {
				JWSHeader header = forge.header().jwk(forge.attackerKey.toPublicJWK()).build();
				return Forge.sign(header, forge.claims().build(), Forge.signer(forge.attackerKey));
			}
		},
		ATTACKER_KEY_UNDER_OUR_KID("signed by another key under our kid") {
			@Override
			String token(Forge forge) {
				return Forge.sign(forge.header().build(), forge.claims().build(), Forge.signer(forge.attackerKey));
			}
		},
		UNKNOWN_CRIT("an unknown crit header") {
			@Override
			String token(Forge forge) {
				JWSHeader header = forge.header()
					.criticalParams(Set.of("urn:turnstile:binding"))
					.customParam("urn:turnstile:binding", "x")
					.build();
				return forge.signedByUs(header, forge.claims().build());
			}
		},
		TYP_JWT("typ JWT instead of at+jwt") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().type(JOSEObjectType.JWT).build(), forge.claims().build());
			}
		},
		NO_TYP("no typ") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().type(null).build(), forge.claims().build());
			}
		},
		EXPIRED("expired") {
			@Override
			String token(Forge forge) {
				Instant now = Instant.now();
				return forge.signedByUs(forge.header().build(), forge.claims()
					.issueTime(Date.from(now.minusSeconds(900)))
					.expirationTime(Date.from(now.minusSeconds(600)))
					.build());
			}
		},
		NOT_YET_VALID("nbf in the future") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().build(),
						forge.claims().notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build());
			}
		},
		WRONG_ISSUER("another issuer") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().build(), forge.claims().issuer("https://evil.example").build());
			}
		},
		WRONG_AUDIENCE("the client id as audience") {
			@Override
			String token(Forge forge) {
				return forge.signedByUs(forge.header().build(), forge.claims().audience("demo-web").build());
			}
		},
		TAMPERED_PAYLOAD("a payload changed after signing") {
			@Override
			String token(Forge forge) {
				String genuine = forge.signedByUs(forge.header().build(), forge.claims().build());
				String[] parts = genuine.split("\\.");
				String payload = forge.claims().claim("scope", "openid entitlements.read admin finance.read")
					.build()
					.toPayload()
					.toBase64URL()
					.toString();
				return parts[0] + "." + payload + "." + parts[2];
			}
		},
		TRUNCATED("truncated") {
			@Override
			String token(Forge forge) {
				String genuine = forge.signedByUs(forge.header().build(), forge.claims().build());
				return genuine.substring(0, genuine.length() - 10);
			}
		},
		SIGNATURE_STRIPPED("signature stripped") {
			@Override
			String token(Forge forge) {
				String genuine = forge.signedByUs(forge.header().build(), forge.claims().build());
				return genuine.substring(0, genuine.lastIndexOf('.') + 1);
			}
		},
		OVERSIZED("1 MB long") {
			@Override
			String token(Forge forge) {
				String genuine = forge.signedByUs(forge.header().build(), forge.claims().build());
				return genuine + "A".repeat(1024 * 1024 - genuine.length());
			}
		};

		private final String description;

		Attack(String description) {
			this.description = description;
		}

		abstract String token(Forge forge) throws Exception;

		@Override
		public String toString() {
			return this.description;
		}

	}

	/** Builds tokens for the test's person, with our active signing key or the attacker's. */
	final class Forge {

		static final Set<String> SCOPES = Set.of("openid", "entitlements.read", "admin");

		final String jti = UUID.randomUUID().toString();

		final String deviceId = UUID.randomUUID().toString();

		final RSAKey ourKey;

		final RSAKey attackerKey = JwtAttackIntegrationTests.this.attackerKey;

		final AttackerServer attacker = JwtAttackIntegrationTests.this.attacker;

		Forge() throws Exception {
			List<JWK> active = JwtAttackIntegrationTests.this.signingKeys.signing()
				.get(new JWKSelector(new JWKMatcher.Builder().privateOnly(true).build()), null);
			this.ourKey = active.get(0).toRSAKey();
		}

		JWSHeader.Builder header() {
			return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.ourKey.getKeyID()).type(AT_JWT);
		}

		/** The claims the server would put in this person's access token. */
		JWTClaimsSet.Builder claims() {
			Instant now = Instant.now();
			String issuer = JwtAttackIntegrationTests.this.oauth.issuer();
			Map<String, Object> entitlements = new LinkedHashMap<>();
			entitlements.put("tier", "free");
			entitlements.put("features", List.of("sd"));
			entitlements.put("streams", 1);
			entitlements.put("ppv", new ArrayList<>());
			entitlements.put("ver", 0);
			return new JWTClaimsSet.Builder().issuer(issuer)
				.audience(issuer + "/content")
				.subject(JwtAttackIntegrationTests.this.person.id())
				.jwtID(this.jti)
				.issueTime(Date.from(now.minusSeconds(60)))
				.expirationTime(Date.from(now.plusSeconds(240)))
				.claim("client_id", "demo-web")
				.claim("scope", String.join(" ", SCOPES))
				.claim("did", this.deviceId)
				.claim("ent", entitlements);
		}

		String signedByUs(JWSHeader header, JWTClaimsSet claims) {
			return sign(header, claims, signer(this.ourKey));
		}

		static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
			SignedJWT jwt = new SignedJWT(header, claims);
			try {
				jwt.sign(signer);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return jwt.serialize();
		}

		static JWSSigner signer(RSAKey key) {
			try {
				return new RSASSASigner(key);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
