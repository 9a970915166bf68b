package io.turnstile.auth.account;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;

/**
 * The people who sign in: sign-up and lookup. Passwords are stored only as
 * {@link PasswordEncoder} hashes ({@code {bcrypt}} by default, {@code {argon2}} understood).
 */
@Service
public class People {

	/** Deliberately loose: one {@code @}, no spaces, a dot in the domain; the mailbox decides the rest. */
	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

	static final int MIN_PASSWORD = 10;

	static final int MAX_PASSWORD = 128;

	private final PersonEntityRepository people;

	private final PasswordEncoder passwordEncoder;

	private Clock clock = Clock.systemUTC();

	People(PersonEntityRepository people, PasswordEncoder passwordEncoder) {
		Assert.notNull(people, "people cannot be null");
		Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
		this.people = people;
		this.passwordEncoder = passwordEncoder;
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Creates an account under a new UUID.
	 * @throws SignUpRejected if the e-mail is taken or malformed or the password too weak
	 */
	@Transactional
	public Person signUp(String email, String password, String displayName) {
		return create(UUID.randomUUID().toString(), email, password, displayName, Set.of("USER"));
	}

	/**
	 * Creates an account under a given id unless one with that e-mail exists (used by demo data).
	 * @return the person, new or existing
	 */
	@Transactional
	public Person ensure(String id, String email, String password, String displayName, Set<String> roles) {
		return this.people.findByEmailNormalized(Person.normalizeEmail(email))
			.map(PersonEntity::toDomain)
			.orElseGet(() -> create(id, email, password, displayName, roles));
	}

	@Transactional(readOnly = true)
	public Optional<Person> findById(String id) {
		return this.people.findById(id).map(PersonEntity::toDomain);
	}

	@Transactional(readOnly = true)
	public Optional<Person> findByEmail(String email) {
		if (!couldBeStored(email)) {
			return Optional.empty();
		}
		return this.people.findByEmailNormalized(Person.normalizeEmail(email)).map(PersonEntity::toDomain);
	}

	private Person create(String id, String email, String password, String displayName, Set<String> roles) {
		String trimmed = (email == null) ? "" : email.trim();
		if (!couldBeStored(trimmed) || !EMAIL.matcher(trimmed).matches()) {
			throw new SignUpRejected("email", "Enter a valid e-mail address.");
		}
		if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
			throw new SignUpRejected("password",
					"Use a password of " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
		}
		String name = (displayName == null) ? "" : displayName.trim();
		if (name.length() > 200) {
			throw new SignUpRejected("displayName", "Keep your name under 200 characters.");
		}
		if (name.codePoints().anyMatch((c) -> Character.getType(c) == Character.CONTROL
				|| Character.getType(c) == Character.SURROGATE)) {
			throw new SignUpRejected("displayName", "Use only letters, digits, spaces and punctuation in your name.");
		}
		String normalized = Person.normalizeEmail(trimmed);
		if (this.people.existsByEmailNormalized(normalized)) {
			throw new SignUpRejected("email", "An account with this e-mail already exists. Sign in instead.");
		}
		PersonEntity entity = new PersonEntity();
		entity.id = id;
		entity.email = trimmed;
		entity.emailNormalized = normalized;
		entity.passwordHash = this.passwordEncoder.encode(password);
		entity.displayName = name.isEmpty() ? null : name;
		entity.roles = String.join(",", roles);
		entity.createdAt = this.clock.instant();
		Person person = entity.toDomain();
		try {
			this.people.saveAndFlush(entity);
		}
		catch (DataIntegrityViolationException ex) {
			throw new SignUpRejected("email", "An account with this e-mail already exists. Sign in instead.");
		}
		return person;
	}

	/** Loads the stored password hash for the sign-in check. */
	@Transactional(readOnly = true)
	Optional<PersonEntity> credentialsOf(String email) {
		if (!couldBeStored(email)) {
			return Optional.empty();
		}
		return this.people.findByEmailNormalized(Person.normalizeEmail(email));
	}

	/**
	 * Whether an e-mail could belong to an account: at most 320 characters, none of them a control, format
	 * (bidi override, zero width, BOM), unpaired surrogate or unassigned character. Others are never looked up.
	 */
	static boolean couldBeStored(String email) {
		return email.length() <= 320 && email.codePoints().allMatch((c) -> switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
					Character.PRIVATE_USE -> false;
			default -> true;
		});
	}

}
