package io.turnstile.auth.token;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A refresh token that was rotated away, remembered so that its reuse can be detected; written and looked up
 * with plain JDBC ({@link AuthorizationRows}), mapped here for the expiry sweep.
 */
@Entity
@Table(name = "oauth2_rotated_refresh_token")
class RotatedRefreshTokenEntity {

	@Id
	String tokenHash = "";

	String authorizationId = "";

	Instant rotatedAt = Instant.EPOCH;

	@Nullable Instant expiresAt;

}
