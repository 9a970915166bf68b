package io.turnstile.auth.account;

import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
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
 * The sign-in form through the real filter chain: CSRF, the form login, the throttle and the messages.
 */
@TurnstileTest
class SignInPageIntegrationTests {

	private static final String DEMO_EMAIL = "demo@turnstile.local";

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
	void signInPageHasLabelledFieldsACsrfTokenAndNoInlineStyleOrScript() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<label for=\"email\">")))
			.andExpect(content().string(containsString("<label for=\"password\">")))
			.andExpect(content().string(containsString("name=\"email\"")))
			.andExpect(content().string(containsString("name=\"password\"")))
			.andExpect(content().string(containsString("name=\"_csrf\"")))
			.andExpect(content().string(containsString("href=\"/signup\"")))
			.andExpect(content().string(not(containsString("style="))))
			.andExpect(content().string(not(containsString("<script"))))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")));
	}

	@Test
	void demoPersonSignsInAndIsRedirected() throws Exception {
		String demoId = this.people.findByEmail(DEMO_EMAIL).orElseThrow().id();
		this.mvc.perform(signIn(DEMO_EMAIL, TurnstileTest.DEMO_PASSWORD, "198.51.100.1"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/"))
			.andExpect(authenticated().withUsername(demoId));
	}

	@Test
	void signedInPersonSeesTheirNameAndASignOutButton() throws Exception {
		this.people.signUp("signin-home@example.test", PASSWORD, "Home Viewer");
		MvcResult signedIn = this.mvc.perform(signIn("signin-home@example.test", PASSWORD, "198.51.100.2"))
			.andExpect(authenticated())
			.andReturn();
		this.mvc.perform(get("/").session(session(signedIn)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Home Viewer")))
			.andExpect(content().string(containsString("signin-home@example.test")))
			.andExpect(content().string(containsString("action=\"/logout\"")));
	}

	@Test
	void wrongPasswordShowsTheError() throws Exception {
		this.people.signUp("signin-wrong@example.test", PASSWORD, "");
		MvcResult failed = this.mvc.perform(signIn("signin-wrong@example.test", "not-the-password", "198.51.100.3"))
			.andExpect(redirectedUrl("/login?error"))
			.andExpect(unauthenticated())
			.andReturn();
		this.mvc.perform(get("/login?error").session(session(failed)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Wrong e-mail or password.")));
	}

	@Test
	void failedSignInKeepsNoPasswordInTheSession() throws Exception {
		this.people.signUp("signin-no-password-kept@example.test", PASSWORD, "");
		MvcResult failed = this.mvc
			.perform(signIn("signin-no-password-kept@example.test", "typed-but-wrong-password", "198.51.100.7"))
			.andExpect(redirectedUrl("/login?error"))
			.andReturn();
		Object exception = session(failed).getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		assertThat(exception).isInstanceOf(AuthenticationException.class);
		Authentication attempt = ((AuthenticationException) exception).getAuthenticationRequest();
		assertThat(attempt).isNotNull();
		assertThat(attempt.getCredentials()).isNull();
	}

	@Test
	void unknownEmailShowsTheSameErrorAsAWrongPassword() throws Exception {
		MvcResult failed = this.mvc.perform(signIn("signin-nobody@example.test", PASSWORD, "198.51.100.4"))
			.andExpect(redirectedUrl("/login?error"))
			.andReturn();
		this.mvc.perform(get("/login?error").session(session(failed)))
			.andExpect(content().string(containsString("Wrong e-mail or password.")));
	}

	@Test
	void sixthWrongAttemptShowsTheThrottleMessageEvenWithTheRightPassword() throws Exception {
		this.people.signUp("signin-throttled@example.test", PASSWORD, "");
		for (int i = 0; i < 5; i++) {
			this.mvc.perform(signIn("signin-throttled@example.test", "wrong-password-" + i, "198.51.100.5"))
				.andExpect(redirectedUrl("/login?error"));
		}
		MvcResult refused = this.mvc.perform(signIn("signin-throttled@example.test", PASSWORD, "198.51.100.6"))
			.andExpect(redirectedUrl("/login?error"))
			.andExpect(unauthenticated())
			.andReturn();
		this.mvc.perform(get("/login?error").session(session(refused)))
			.andExpect(content().string(containsString("Too many attempts. Try again in ")))
			.andExpect(content().string(not(containsString("Wrong e-mail or password."))));
	}

	@Test
	void signedOutPersonSeesTheSignedOutMessage() throws Exception {
		this.mvc.perform(get("/login?logout"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("You are signed out.")));
	}

	@Test
	void signInWithoutCsrfTokenIsRejected() throws Exception {
		this.mvc.perform(post("/login").param("email", DEMO_EMAIL).param("password", TurnstileTest.DEMO_PASSWORD))
			.andExpect(status().isForbidden())
			.andExpect(unauthenticated());
	}

	private static MockHttpServletRequestBuilder signIn(String email, String password, String remoteAddress) {
		return post("/login").param("email", email)
			.param("password", password)
			.with(csrf())
			.with(remoteAddress(remoteAddress));
	}

	static RequestPostProcessor remoteAddress(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	static MockHttpSession session(MvcResult result) {
		MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
		assertThat(session).isNotNull();
		return session;
	}

}
