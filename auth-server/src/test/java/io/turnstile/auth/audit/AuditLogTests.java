package io.turnstile.auth.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class AuditLogTests {

	static final Instant NOW = Instant.parse("2026-11-22T22:00:00Z");

	final AuditEventEntityRepository events = mock(AuditEventEntityRepository.class);

	final AuditLog audit = new AuditLog(this.events);

	@BeforeEach
	void fixTheClock() {
		this.audit.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void entryIsStoredAsGivenWithTheTime() {
		AuditEventEntity stored = record(AuditLog.entry("device.signed-out")
			.actor("person-1")
			.subject("person-1")
			.client("tv-app")
			.remoteAddress("192.0.2.7")
			.detail("device d-1"));

		assertThat(stored.at).isEqualTo(NOW);
		assertThat(stored.action).isEqualTo("device.signed-out");
		assertThat(stored.actor).isEqualTo("person-1");
		assertThat(stored.subject).isEqualTo("person-1");
		assertThat(stored.clientId).isEqualTo("tv-app");
		assertThat(stored.remoteAddress).isEqualTo("192.0.2.7");
		assertThat(stored.outcome).isEqualTo("success");
		assertThat(stored.detail).isEqualTo("device d-1");
	}

	@Test
	void controlCharactersBecomeSpacesAndLongValuesAreCut() {
		AuditEventEntity stored = record(AuditLog.entry("admin.request")
			.actor("op\u0000erator\n")
			.failed()
			.detail("x".repeat(600) + "\u0000"));

		assertThat(stored.actor).isEqualTo("op erator ");
		assertThat(stored.detail).hasSize(500).matches("x+");
		assertThat(stored.outcome).isEqualTo("failure");
	}

	@Test
	void subjectThatIsNotAPersonIdIsLeftOut() {
		assertThat(record(AuditLog.entry("sign-in").subject("' OR '1'='1")).subject).isNull();
		assertThat(record(AuditLog.entry("sign-in").subject("x".repeat(65))).subject).isNull();
	}

	@Test
	void actorDefaultsToTheTokenSubjectOfTheRequestAndElseToSystem() {
		assertThat(record(AuditLog.entry("token.revoked")).actor).isEqualTo(AuditLog.SYSTEM);

		Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("person-2").build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
		assertThat(record(AuditLog.entry("token.revoked")).actor).isEqualTo("person-2");

		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("x", "y"));
		assertThat(record(AuditLog.entry("token.revoked")).actor).isEqualTo(AuditLog.SYSTEM);
	}

	@Test
	void remoteAddressDefaultsToTheCurrentRequests() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("2001:db8::1");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));

		assertThat(record(AuditLog.entry("sign-in")).remoteAddress).isEqualTo("2001:db8::1");
	}

	@Test
	void queryLimitIsOneTo500() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditLog.Query(null, null, null, null, null, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditLog.Query(null, null, null, null, null, 501));
	}

	private AuditEventEntity record(AuditLog.Entry entry) {
		this.audit.record(entry);
		ArgumentCaptor<AuditEventEntity> stored = ArgumentCaptor.forClass(AuditEventEntity.class);
		verify(this.events, atLeastOnce()).save(stored.capture());
		return stored.getValue();
	}

}
