package io.turnstile.auth.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /admin/users/{userId}} (scope {@code admin}): imports a person who exists on the platform
 * already, under that id (what their Stripe {@code metadata.user_id} holds). {@code 201} when created, then
 * the Stripe events parked for that id are applied; {@code 200} when the id exists (left as it is).
 */
@RestController
@Tag(name = "Admin: people and grants", description = "Look people up, import them, comp and revoke rights")
class AdminPeopleController {

	private static final Log logger = LogFactory.getLog(AdminPeopleController.class);

	private final People people;

	AdminPeopleController(People people) {
		Assert.notNull(people, "people cannot be null");
		this.people = people;
	}

	@PutMapping("/admin/users/{userId}")
	@Operation(summary = "Import a person under an existing id", description = "For people who exist on the platform already: their id is kept verbatim (what their Stripe metadata.user_id holds). 201 when created (the Stripe events parked for that id are then applied), 200 when the id exists (left as it is).")
	@ProblemResponses(Problems.INVALID_REQUEST)
	@ExamplePayloads(request = """
			{"email": "sam@example.com", "displayName": "Sam Lee"}""", response = """
			{"userId": "imported-7781", "email": "sam@example.com", "displayName": "Sam Lee", "created": true}""")
	ResponseEntity<PersonJson> importPerson(@PathVariable String userId, @RequestBody ImportRequest request,
			@AuthenticationPrincipal Jwt operator) {
		if (request.email() == null) {
			throw new ApiException(Problems.INVALID_REQUEST, "An 'email' is required");
		}
		People.Imported imported;
		try {
			imported = this.people.importPerson(userId, request.email(), request.displayName());
		}
		catch (SignUpRejected ex) {
			throw new ApiException(Problems.INVALID_REQUEST, ex.field() + ": " + ex.getMessage());
		}
		if (imported.created()) {
			logger.info("Person " + userId + " imported by " + operator.getSubject());
		}
		Person person = imported.person();
		return ResponseEntity.status(imported.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new PersonJson(person.id(), person.email(), person.displayName(), imported.created()));
	}

	@Schema(name = "ImportRequest")
	record ImportRequest(@Nullable String email, @Nullable String displayName) {
	}

	@Schema(name = "ImportedPerson")
	record PersonJson(String userId, String email, @Nullable String displayName, boolean created) {
	}

}
