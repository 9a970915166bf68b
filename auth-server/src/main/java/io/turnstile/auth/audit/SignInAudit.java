package io.turnstile.auth.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Records sign-ins with e-mail and password from Spring Security's authentication events: a success under
 * the person's id; a failure as {@code anonymous}, under the person's id if the e-mail is theirs, with
 * the SHA-256 of the e-mail typed and never the e-mail or the password. Other authentications (clients,
 * bearer tokens) are not sign-ins and are left out.
 */
@Component
class SignInAudit {

	static final String ACTION = "sign-in";

	private static final int MAX_EMAIL = 320;

	private final AuditLog audit;

	private final People people;

	SignInAudit(AuditLog audit, People people) {
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(people, "people cannot be null");
		this.audit = audit;
		this.people = people;
	}

	@EventListener
	void signedIn(AuthenticationSuccessEvent event) {
		if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken person)) {
			return;
		}
		this.audit.record(AuditLog.entry(ACTION)
			.actor(person.getName())
			.subject(person.getName())
			.remoteAddress(remoteAddress(person)));
	}

	@EventListener
	void signInFailed(AbstractAuthenticationFailureEvent event) {
		// The request holds the typed password as its credentials: only its name (the e-mail) is read.
		if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt)) {
			return;
		}
		String email = attempt.getName();
		String subject = (email.length() <= MAX_EMAIL)
				? this.people.findByEmail(email).map(Person::id).orElse(null) : null;
		this.audit.record(AuditLog.entry(ACTION)
			.failed()
			.actor(AuditLog.ANONYMOUS)
			.subject(subject)
			.remoteAddress(remoteAddress(attempt))
			.detail(reason(event) + "; e-mail sha256 " + sha256(email.trim().toLowerCase(Locale.ROOT))));
	}

	private static String reason(AbstractAuthenticationFailureEvent event) {
		if (event instanceof AuthenticationFailureBadCredentialsEvent) {
			return "bad credentials";
		}
		if (event instanceof AuthenticationFailureLockedEvent) {
			return "throttled";
		}
		return event.getClass().getSimpleName();
	}

	private static @Nullable String remoteAddress(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: null;
	}

	static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
