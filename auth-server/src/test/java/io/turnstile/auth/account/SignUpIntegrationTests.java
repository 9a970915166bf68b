package io.turnstile.auth.account;

import java.net.URI;
import java.util.UUID;

import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;

import static io.turnstile.auth.account.SignInPageIntegrationTests.remoteAddress;
import static io.turnstile.auth.account.SignInPageIntegrationTests.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sign-up form through the real filter chain: account creation, immediate sign-in, errors at the field.
 */
@TurnstileTest
class SignUpIntegrationTests {

	private static final String PASSWORD = "a-long-enough-password";

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private People people;

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void signUpPageHasLabelledFields() throws Exception {
		this.mvc.perform(get("/signup"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<label for=\"email\">")))
			.andExpect(content().string(containsString("<label for=\"displayName\">")))
			.andExpect(content().string(containsString("<label for=\"password\">")))
			.andExpect(content().string(containsString("<label for=\"confirmPassword\">")))
			.andExpect(content().string(containsString("name=\"_csrf\"")));
	}

	@Test
	void signUpCreatesAnAccountUnderAUuidAndSignsIn() throws Exception {
		String email = "signup-new@example.test";
		MvcResult result = this.mvc.perform(signUp(email, "New Viewer", PASSWORD, PASSWORD, "203.0.113.1"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/"))
			.andReturn();
		Person person = this.people.findByEmail(email).orElseThrow();
		assertThat(UUID.fromString(person.id())).hasToString(person.id());
		assertThat(person.id()).isNotEqualTo(email);
		assertThat(person.displayName()).isEqualTo("New Viewer");
		this.mvc.perform(get("/").session(session(result)))
			.andExpect(authenticated().withUsername(person.id()))
			.andExpect(content().string(containsString("New Viewer")));
	}

	@Test
	void signUpChangesTheSessionId() throws Exception {
		MockHttpSession session = new MockHttpSession();
		String before = session.getId();
		this.mvc
			.perform(signUp("signup-session@example.test", "", PASSWORD, PASSWORD, "203.0.113.2").session(session)
				.with((request) -> {
					// What a container does for a request that carries the session's cookie.
					request.setRequestedSessionId(before);
					request.setRequestedSessionIdValid(true);
					return request;
				}))
			.andExpect(redirectedUrl("/"));
		assertThat(session.getId()).isNotEqualTo(before);
	}

	@Test
	void signUpReturnsToTheAuthorizationRequestThatAskedForSignIn() throws Exception {
		// The authorization endpoint reads a GET request's parameters from the query string only.
		URI authorizationRequest = UriComponentsBuilder.fromPath("/oauth2/authorize")
			.queryParam("response_type", "code")
			.queryParam("client_id", "demo-web")
			.queryParam("redirect_uri", "http://127.0.0.1:8081/callback")
			.queryParam("scope", "openid profile")
			.queryParam("state", "app-state")
			.queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
			.queryParam("code_challenge_method", "S256")
			.encode()
			.build()
			.toUri();
		MvcResult authorize = this.mvc.perform(get(authorizationRequest).accept(MediaType.TEXT_HTML))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", containsString("/login")))
			.andReturn();
		this.mvc
			.perform(signUp("signup-return@example.test", "", PASSWORD, PASSWORD, "203.0.113.3")
				.session(session(authorize)))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", startsWith("http://localhost/oauth2/authorize?")))
			.andExpect(header().string("Location", containsString("client_id=demo-web")));
	}

	@Test
	void duplicateEmailShowsTheErrorWithoutAServerError() throws Exception {
		this.people.signUp("signup-taken@example.test", PASSWORD, "");
		this.mvc.perform(signUp("Signup-Taken@example.test", "Second Viewer", PASSWORD, PASSWORD, "203.0.113.4"))
			.andExpect(status().isBadRequest())
			.andExpect(unauthenticated())
			.andExpect(content().string(containsString("An account with this e-mail already exists.")))
			.andExpect(content().string(containsString("id=\"email-error\"")))
			.andExpect(content().string(containsString("value=\"Signup-Taken@example.test\"")))
			.andExpect(content().string(containsString("value=\"Second Viewer\"")))
			.andExpect(content().string(not(containsString(PASSWORD))));
	}

	@Test
	void shortPasswordIsRejected() throws Exception {
		this.mvc.perform(signUp("signup-short@example.test", "", "too-short", "too-short", "203.0.113.5"))
			.andExpect(status().isBadRequest())
			.andExpect(unauthenticated())
			.andExpect(content().string(containsString("id=\"password-error\"")))
			.andExpect(content().string(containsString("Use a password of 10 to 128 characters.")));
		assertThat(this.people.findByEmail("signup-short@example.test")).isEmpty();
	}

	@Test
	void mismatchedConfirmationIsRejected() throws Exception {
		this.mvc.perform(signUp("signup-mismatch@example.test", "", PASSWORD, PASSWORD + "!", "203.0.113.6"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("The passwords do not match.")));
		assertThat(this.people.findByEmail("signup-mismatch@example.test")).isEmpty();
	}

	@Test
	void signUpIsThrottledPerAddress() throws Exception {
		for (int i = 0; i < LoginThrottle.SIGN_UP_THRESHOLD; i++) {
			this.mvc.perform(signUp("signup-flood-" + i + "@example.test", "", "short", "short", "203.0.113.7"))
				.andExpect(status().isBadRequest());
		}
		this.mvc.perform(signUp("signup-flood@example.test", "", PASSWORD, PASSWORD, "203.0.113.7"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().string(containsString("Too many attempts. Try again in ")));
		assertThat(this.people.findByEmail("signup-flood@example.test")).isEmpty();
		this.mvc.perform(signUp("signup-flood@example.test", "", PASSWORD, PASSWORD, "203.0.113.8"))
			.andExpect(redirectedUrl("/"));
	}

	private static MockHttpServletRequestBuilder signUp(String email, String displayName, String password,
			String confirmPassword, String address) {
		return post("/signup").param("email", email)
			.param("displayName", displayName)
			.param("password", password)
			.param("confirmPassword", confirmPassword)
			.with(csrf())
			.with(remoteAddress(address));
	}

}
