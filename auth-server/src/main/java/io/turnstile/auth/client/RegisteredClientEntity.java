package io.turnstile.auth.client;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "oauth2_client")
class RegisteredClientEntity {

	@Id
	String id = "";

	String clientId = "";

	Instant clientIdIssuedAt = Instant.EPOCH;

	@Nullable String clientSecret;

	@Nullable Instant clientSecretExpiresAt;

	String clientName = "";

	String clientAuthenticationMethods = "";

	String authorizationGrantTypes = "";

	@Nullable String redirectUris;

	@Nullable String postLogoutRedirectUris;

	String scopes = "";

	@Column(columnDefinition = "text")
	String clientSettings = "{}";

	@Column(columnDefinition = "text")
	String tokenSettings = "{}";

}
