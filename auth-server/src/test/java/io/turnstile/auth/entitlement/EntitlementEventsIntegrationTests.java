package io.turnstile.auth.entitlement;

import java.time.Duration;
import java.time.Instant;

import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.EntitlementsChanged;
import io.turnstile.entitlements.PayPerViewEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change to a person's entitlements publishes {@link EntitlementsChanged} with the new version and
 * whether it takes a right away, and is recorded with who, why, before and after.
 */
@TurnstileTest
@RecordApplicationEvents
class EntitlementEventsIntegrationTests {

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@Autowired
	ApplicationEvents events;

	@Test
	void everyChangePublishesAnEventWithTheNewVersionAndIsRecorded() {
		Person person = this.people.signUp("events@example.com", "correct horse battery", null);
		AccountId id = new AccountId(person.id());
		Instant now = Instant.now();
		this.entitlements.defineEvent(new PayPerViewEvent("events-ppv", "Event", now, now.plusSeconds(3600),
				Duration.ZERO, Duration.ZERO), new Change("ops", "catalog"));

		this.entitlements.compTier(id, "premium", null, new Change("ops-1", "goodwill"));
		long grant = this.entitlements.grantPayPerView(id, "events-ppv", "comp", new Change("ops-2", "press")).id();
		this.entitlements.revokePayPerView(id, grant, new Change("ops-3", "mistake"));
		this.entitlements.endComp(id, new Change("ops-4", "over"));

		assertThat(this.events.stream(EntitlementsChanged.class).filter((event) -> event.userId().equals(id)))
			.extracting(EntitlementsChanged::ver, EntitlementsChanged::action, EntitlementsChanged::rightsReduced)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "comp-tier", false),
					org.assertj.core.groups.Tuple.tuple(2L, "grant-ppv", false),
					org.assertj.core.groups.Tuple.tuple(3L, "revoke-ppv", true),
					org.assertj.core.groups.Tuple.tuple(4L, "end-comp", true));
		assertThat(this.entitlements.history(id)).extracting((change) -> change.actor() + ":" + change.reason())
			.containsExactly("ops-4:over", "ops-3:mistake", "ops-2:press", "ops-1:goodwill");
		assertThat(this.entitlements.history(id).get(1).before()).contains("ACTIVE");
		assertThat(this.entitlements.history(id).get(1).after()).contains("REVOKED");
	}

}
