package io.turnstile.auth.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "signing_key")
class SigningKeyEntity {

	static final String ACTIVE = "ACTIVE";

	static final String RETIRED = "RETIRED";

	/** Published ahead of its use: every node and every verifier's cached JWKS knows it before it signs. */
	static final String NEXT = "NEXT";

	@Id
	String kid = "";

	String algorithm = "";

	@Column(columnDefinition = "text")
	String publicJwk = "";

	@Column(columnDefinition = "text")
	String privateKey = "";

	String encryption = "";

	String state = "";

	/** {@link #ACTIVE} or {@link #NEXT} (unique, so one of each at most), null once retired. */
	@Nullable String exclusiveState;

	Instant createdAt = Instant.EPOCH;

	@Nullable Instant activatedAt;

	@Nullable Instant retiredAt;

	@Nullable Instant removeAfter;

}
