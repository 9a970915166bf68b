package io.turnstile.auth.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.turnstile.entitlements.AccountId;
import jakarta.persistence.criteria.Predicate;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records security-relevant events in {@code audit_event} and finds them again. A record joins the
 * caller's transaction when there is one (an audited change and its audit row commit or roll back
 * together). Every value is cut to its column and stripped of control characters; callers never pass a
 * token, secret, password or e-mail address.
 */
@Component
public class AuditLog {

	/** The actor of what no person or client did. */
	static final String SYSTEM = "system";

	/** The actor of a request nobody is signed in for (a failed sign-in). */
	static final String ANONYMOUS = "anonymous";

	static final int MAX_LIMIT = 500;

	private final AuditEventEntityRepository events;

	private final @Nullable AuditBuffer buffer;

	private Clock clock = Clock.systemUTC();

	AuditLog(AuditEventEntityRepository events) {
		this(events, null);
	}

	@Autowired
	AuditLog(AuditEventEntityRepository events, @Nullable AuditBuffer buffer) {
		Assert.notNull(events, "events cannot be null");
		this.events = events;
		this.buffer = buffer;
	}

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/** Starts an entry; the actor defaults to whoever is authenticated for the current request. */
	public static Entry entry(String action) {
		return new Entry(action);
	}

	@Transactional
	public void record(Entry entry) {
		this.events.save(toEntity(entry));
	}

	/**
	 * Records an entry that belongs to no transaction within moments, in a batch with others (an entry per
	 * token response would otherwise be a database write on the hottest path): this node's searches see it
	 * at once, other nodes' within {@link AuditBuffer#INTERVAL}; a stopping server writes what it holds.
	 */
	public void recordSoon(Entry entry) {
		AuditEventEntity event = toEntity(entry);
		if (this.buffer == null || !this.buffer.offer(event)) {
			this.events.save(event);
		}
	}

	private AuditEventEntity toEntity(Entry entry) {
		AuditEventEntity event = new AuditEventEntity();
		event.at = this.clock.instant();
		event.action = clean(entry.action, 64);
		event.actor = clean((entry.actor != null) ? entry.actor : currentActor(), 200);
		event.subject = (entry.subject != null && AccountId.isValid(entry.subject)) ? entry.subject : null;
		event.clientId = cleanOrNull(entry.clientId, 100);
		event.remoteAddress = cleanOrNull((entry.remoteAddress != null) ? entry.remoteAddress : currentRemoteAddress(),
				64);
		event.outcome = entry.outcome.value();
		event.detail = cleanOrNull(entry.detail, 500);
		return event;
	}

	/** The events matching every given filter, newest first. */
	@Transactional(readOnly = true)
	List<AuditEvent> find(Query query) {
		if (this.buffer != null) {
			this.buffer.flush();
		}
		Specification<AuditEventEntity> matching = (root, criteria, builder) -> {
			List<Predicate> predicates = new ArrayList<>();
			if (query.subject() != null) {
				predicates.add(builder.equal(root.get("subject"), query.subject()));
			}
			if (query.actor() != null) {
				predicates.add(builder.equal(root.get("actor"), query.actor()));
			}
			if (query.action() != null) {
				predicates.add(builder.equal(root.get("action"), query.action()));
			}
			if (query.from() != null) {
				predicates.add(builder.greaterThanOrEqualTo(root.get("at"), query.from()));
			}
			if (query.before() != null) {
				predicates.add(builder.lessThan(root.get("at"), query.before()));
			}
			return builder.and(predicates.toArray(Predicate[]::new));
		};
		Sort newestFirst = Sort.by(Sort.Order.desc("at"), Sort.Order.desc("id"));
		return this.events.findBy(matching, (q) -> q.sortBy(newestFirst).limit(query.limit()).all())
			.stream()
			.map(AuditEventEntity::toDomain)
			.toList();
	}

	/** Who is authenticated for the current request: a person's or client's id, else {@link #SYSTEM}. */
	static String currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken jwt && jwt.getToken().getSubject() != null) {
			return jwt.getToken().getSubject();
		}
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
			return client.getRegisteredClient().getClientId();
		}
		if (authentication instanceof UsernamePasswordAuthenticationToken person && person.isAuthenticated()) {
			return person.getName();
		}
		return SYSTEM;
	}

	private static @Nullable String currentRemoteAddress() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}

	private static @Nullable String cleanOrNull(@Nullable String value, int max) {
		return (value != null) ? clean(value, max) : null;
	}

	/** Control characters (NUL included, which PostgreSQL refuses) become spaces; long values are cut. */
	private static String clean(String value, int max) {
		StringBuilder cleaned = new StringBuilder(Math.min(value.length(), max));
		for (int i = 0; i < value.length() && cleaned.length() < max; i++) {
			char c = value.charAt(i);
			cleaned.append(Character.isISOControl(c) ? ' ' : c);
		}
		if (cleaned.length() > 0 && Character.isHighSurrogate(cleaned.charAt(cleaned.length() - 1))) {
			cleaned.setLength(cleaned.length() - 1);
		}
		return cleaned.toString();
	}

	/** One event to record. */
	public static final class Entry {

		private final String action;

		private @Nullable String actor;

		private @Nullable String subject;

		private @Nullable String clientId;

		private @Nullable String remoteAddress;

		private AuditEvent.Outcome outcome = AuditEvent.Outcome.SUCCESS;

		private @Nullable String detail;

		private Entry(String action) {
			Assert.hasText(action, "action cannot be empty");
			this.action = action;
		}

		public Entry actor(String actor) {
			this.actor = Objects.requireNonNull(actor, "actor cannot be null");
			return this;
		}

		/** The person it concerns; ignored unless it is a valid person id. */
		public Entry subject(@Nullable String subject) {
			this.subject = subject;
			return this;
		}

		public Entry client(@Nullable String clientId) {
			this.clientId = clientId;
			return this;
		}

		/** Defaults to the current request's remote address. */
		public Entry remoteAddress(@Nullable String remoteAddress) {
			this.remoteAddress = remoteAddress;
			return this;
		}

		public Entry failed() {
			this.outcome = AuditEvent.Outcome.FAILURE;
			return this;
		}

		/** A short description: never a token, secret, password or e-mail address. */
		public Entry detail(@Nullable String detail) {
			this.detail = detail;
			return this;
		}

	}

	/**
	 * A search of the log.
	 *
	 * @param from at or after this instant, or {@code null}
	 * @param before strictly before this instant, or {@code null}
	 * @param limit 1 to {@link #MAX_LIMIT} events
	 */
	record Query(@Nullable String subject, @Nullable String actor, @Nullable String action, @Nullable Instant from,
			@Nullable Instant before, int limit) {

		Query {
			Assert.isTrue(limit > 0 && limit <= MAX_LIMIT, "limit must be 1 to " + MAX_LIMIT);
		}

	}

}
