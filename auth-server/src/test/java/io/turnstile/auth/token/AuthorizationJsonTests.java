package io.turnstile.auth.token;

import java.security.Principal;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizationJsonTests {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper json = AuthorizationJson.create();

	/** Container deserializers are cached per type: the second and later reads go through the cached ones. */
	@Test
	void readsStoredAttributesBackIdenticallyOnEveryRead() {
		List<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_USER"),
				FactorGrantedAuthority.withAuthority("FACTOR_PASSWORD").issuedAt(Instant.ofEpochSecond(1_700_000_000)).build());
		User user = new User("p-123", "", authorities);
		Authentication principal = UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://id.example/oauth2/authorize")
			.clientId("demo-web")
			.redirectUri("https://app.example/cb")
			.scopes(Set.of("openid", "entitlements"))
			.state("state")
			.additionalParameters(Map.of("code_challenge", "challenge", "code_challenge_method", "S256"))
			.build();
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(Principal.class.getName(), principal);
		attributes.put(OAuth2AuthorizationRequest.class.getName(), request);
		attributes.put("authorized_scopes", new LinkedHashSet<>(List.of("openid", "entitlements")));
		attributes.put("labels", Collections.unmodifiableMap(Map.of("device", "tv")));
		String stored = this.json.writeValueAsString(attributes);

		for (int read = 0; read < 3; read++) {
			Map<String, Object> back = this.json.readValue(stored, MAP);
			Authentication readPrincipal = (Authentication) back.get(Principal.class.getName());
			assertThat(readPrincipal.getName()).isEqualTo("p-123");
			assertThat(readPrincipal.getAuthorities()).extracting(GrantedAuthority::getAuthority)
				.containsExactly("ROLE_USER", "FACTOR_PASSWORD");
			assertThat(readPrincipal.getAuthorities()).element(1).isInstanceOf(FactorGrantedAuthority.class);
			assertThat(((User) readPrincipal.getPrincipal()).getAuthorities()).hasSize(2);
			OAuth2AuthorizationRequest readRequest = (OAuth2AuthorizationRequest) back
				.get(OAuth2AuthorizationRequest.class.getName());
			assertThat(readRequest.getScopes()).containsExactlyInAnyOrder("openid", "entitlements");
			assertThat(readRequest.getAdditionalParameters()).containsEntry("code_challenge", "challenge");
			assertThat(back.get("authorized_scopes")).isEqualTo(Set.of("openid", "entitlements"));
			assertThat(back.get("labels")).isEqualTo(Map.of("device", "tv"));
			assertThatThrownBy(() -> readPrincipal.getAuthorities().clear())
				.isInstanceOf(UnsupportedOperationException.class);
		}
	}

	@Test
	void refusesClassesOutsideTheAllowListOnEveryRead() {
		String hostile = "{\"@class\":\"java.util.HashMap\",\"x\":{\"@class\":\"java.net.URL\",\"value\":\"http://x\"}}";
		for (int read = 0; read < 2; read++) {
			assertThatThrownBy(() -> this.json.readValue(hostile, MAP)).hasMessageContaining("java.net.URL");
		}
	}

}
