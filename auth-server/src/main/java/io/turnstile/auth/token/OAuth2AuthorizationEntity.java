package io.turnstile.auth.token;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One authorization (one sign-in of one client): its codes and tokens, each as a SHA-256 hash with
 * its times and metadata. The row is the refresh-token family.
 */
@Entity
@Table(name = "oauth2_authorization")
class OAuth2AuthorizationEntity {

	@Id
	String id = "";

	String registeredClientId = "";

	String principalName = "";

	String authorizationGrantType = "";

	@Nullable String authorizedScopes;

	@Column(columnDefinition = "text")
	@Nullable String attributes;

	@Nullable String stateHash;

	@Nullable String codeHash;

	@Nullable Instant codeIssuedAt;

	@Nullable Instant codeExpiresAt;

	@Column(columnDefinition = "text")
	@Nullable String codeMetadata;

	@Nullable String accessTokenHash;

	@Nullable Instant accessTokenIssuedAt;

	@Nullable Instant accessTokenExpiresAt;

	@Column(columnDefinition = "text")
	@Nullable String accessTokenMetadata;

	@Nullable String accessTokenType;

	@Nullable String accessTokenScopes;

	@Nullable String idTokenHash;

	@Nullable Instant idTokenIssuedAt;

	@Nullable Instant idTokenExpiresAt;

	@Column(columnDefinition = "text")
	@Nullable String idTokenMetadata;

	@Nullable String refreshTokenHash;

	@Nullable Instant refreshTokenIssuedAt;

	@Nullable Instant refreshTokenExpiresAt;

	@Column(columnDefinition = "text")
	@Nullable String refreshTokenMetadata;

	@Nullable String userCodeHash;

	@Nullable Instant userCodeIssuedAt;

	@Nullable Instant userCodeExpiresAt;

	@Column(columnDefinition = "text")
	@Nullable String userCodeMetadata;

	@Nullable String deviceCodeHash;

	@Nullable Instant deviceCodeIssuedAt;

	@Nullable Instant deviceCodeExpiresAt;

	@Column(columnDefinition = "text")
	@Nullable String deviceCodeMetadata;

	/** When the last of its tokens expires: after that the row may be deleted. */
	@Nullable Instant expiresAt;

	Instant updatedAt = Instant.EPOCH;

}
