package io.turnstile.auth.account;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "person")
class PersonEntity {

	@Id
	String id = "";

	String email = "";

	String emailNormalized = "";

	String passwordHash = "";

	@Nullable String displayName;

	String roles = "";

	Instant createdAt = Instant.EPOCH;

	Person toDomain() {
		return new Person(this.id, this.email, this.displayName, Person.parseRoles(this.roles), this.createdAt);
	}

}
