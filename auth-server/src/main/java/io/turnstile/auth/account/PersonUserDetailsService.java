package io.turnstile.auth.account;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Loads a person by the e-mail typed into the sign-in form. The returned {@link User}'s username is the
 * person's id, so the authenticated principal name, and with it every token's {@code sub}, is the id and
 * never the e-mail.
 */
@Component
class PersonUserDetailsService implements UserDetailsService {

	private final People people;

	PersonUserDetailsService(People people) {
		this.people = people;
	}

	@Override
	public UserDetails loadUserByUsername(String email) throws UsernameNotFoundException {
		PersonEntity person = this.people.credentialsOf(email)
			.orElseThrow(() -> new UsernameNotFoundException("No such account"));
		return User.withUsername(person.id)
			.password(person.passwordHash)
			.authorities(Person.parseRoles(person.roles)
				.stream()
				.map((role) -> new SimpleGrantedAuthority("ROLE_" + role))
				.toList())
			.build();
	}

}
