package io.turnstile.auth.token;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A client_credentials access token revoked before it expired (such tokens are not stored otherwise). */
@Entity
@Table(name = "revoked_access_token")
class RevokedAccessTokenEntity {

	@Id
	String tokenHash = "";

	Instant expiresAt = Instant.EPOCH;

	Instant revokedAt = Instant.EPOCH;

	RevokedAccessTokenEntity() {
	}

	RevokedAccessTokenEntity(String tokenHash, Instant expiresAt, Instant revokedAt) {
		this.tokenHash = tokenHash;
		this.expiresAt = expiresAt;
		this.revokedAt = revokedAt;
	}

}
