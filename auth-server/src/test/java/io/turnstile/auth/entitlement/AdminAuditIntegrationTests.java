package io.turnstile.auth.entitlement;

import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.ApiTestClient.Response;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/audit}: every entitlement change with who made it and why, for one person or all. */
@TurnstileTest
class AdminAuditIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	People people;

	@Test
	void auditListsAnOperatorsChangeWithItsActorAndReason() throws Exception {
		Person person = this.people.signUp("audit@example.com", "correct horse battery", null);
		ApiTestClient api = new ApiTestClient(new OAuthTestClient(this.port));
		String admin = api.serviceToken(OAuthTestClient.admin(), "admin");
		api.send("POST", "/admin/users/" + person.id() + "/grants", admin,
				"{\"type\":\"tier\",\"tier\":\"standard\",\"reason\":\"Audit trail\"}");

		Response mine = api.get("/admin/audit?userId=" + person.id(), admin);
		Response everyone = api.get("/admin/audit", admin);
		Response unknown = api.get("/admin/audit?userId=nobody-here", admin);

		assertThat(mine.status()).isEqualTo(200);
		assertThat(mine.json().get(0).get("userId").asString()).isEqualTo(person.id());
		assertThat(mine.json().get(0).get("actor").asString()).isEqualTo("demo-admin");
		assertThat(mine.json().get(0).get("reason").asString()).isEqualTo("Audit trail");
		assertThat(everyone.json().findValuesAsString("reason")).contains("Audit trail");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("type").asString()).isEqualTo("/problems/unknown-person");
	}

}
