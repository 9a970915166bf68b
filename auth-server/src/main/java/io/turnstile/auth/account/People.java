package io.turnstile.auth.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.turnstile.entitlements.AccountId;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;

/**
 * The people who sign in: sign-up, import under an existing id, and lookup. Passwords are stored only as
 * {@link PasswordEncoder} hashes ({@code {bcrypt}} by default, {@code {argon2}} understood). Every new person
 * is announced with {@link PersonJoined}.
 */
@Service
public class People {

	/** Deliberately loose: one {@code @}, no spaces, a dot in the domain; the mailbox decides the rest. */
	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

	static final int MIN_PASSWORD = 10;

	static final int MAX_PASSWORD = 128;

	private final PersonEntityRepository people;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher publisher;

	private final SecureRandom random = new SecureRandom();

	private Clock clock = Clock.systemUTC();

	People(PersonEntityRepository people, PasswordEncoder passwordEncoder, ApplicationEventPublisher publisher) {
		Assert.notNull(people, "people cannot be null");
		Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
		Assert.notNull(publisher, "publisher cannot be null");
		this.people = people;
		this.passwordEncoder = passwordEncoder;
		this.publisher = publisher;
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
		Person person = create(UUID.randomUUID().toString(), email, password, displayName, Set.of("USER"));
		this.publisher.publishEvent(new PersonJoined(person.id(), false));
		return person;
	}

	/**
	 * Imports a person who already exists elsewhere, under that platform's id (kept verbatim: it is what
	 * their Stripe {@code metadata.user_id} holds). They get a random password nobody knows. An id that
	 * exists already is left as it is.
	 * @return the person, and whether they were created now
	 * @throws SignUpRejected if the id or e-mail is malformed, or the e-mail belongs to someone else
	 */
	@Transactional
	public Imported importPerson(String id, String email, @Nullable String displayName) {
		if (id == null || !AccountId.isValid(id)) {
			throw new SignUpRejected("userId", "A person's id is 1-64 characters of [A-Za-z0-9._:-]");
		}
		Optional<Person> existing = this.people.findById(id).map(PersonEntity::toDomain);
		if (existing.isPresent()) {
			return new Imported(existing.get(), false);
		}
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		Person person = create(id, email, Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
				(displayName != null) ? displayName : "", Set.of("USER"));
		this.publisher.publishEvent(new PersonJoined(person.id(), true));
		return new Imported(person, true);
	}

	/**
	 * @param person the person
	 * @param created whether the import created them
	 */
	public record Imported(Person person, boolean created) {
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
