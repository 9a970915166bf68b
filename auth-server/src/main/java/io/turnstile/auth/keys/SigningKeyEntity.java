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

	@Id
	String kid = "";

	String algorithm = "";

	@Column(columnDefinition = "text")
	String publicJwk = "";

	@Column(columnDefinition = "text")
	String privateKey = "";

	String encryption = "";

	String state = "";

	Instant createdAt = Instant.EPOCH;

	@Nullable Instant retiredAt;

	@Nullable Instant removeAfter;

}
