package io.turnstile.auth.adversarial;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static io.turnstile.auth.adversarial.HostileResponses.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Unicode, NUL bytes, control and bidi characters and oversized values in what people type: e-mails and
 * names at sign-up and sign-in, and TV codes on {@code /activate}. Nothing is a 5xx or shows a stack
 * trace; sign-up refuses what no real address or name contains; a hostile e-mail never reaches a
 * database key. Each request comes from its own documentation-range address, so the throttle of other
 * tests is untouched.
 */
@TurnstileTest
class HostileFormInputIntegrationTests {

	static final AtomicInteger ADDRESSES = new AtomicInteger();

	static final String PASSWORD = "hostile-input-password";

	@Autowired
	WebApplicationContext context;

	@Autowired
	People people;

	@Autowired
	JdbcTemplate jdbc;

	MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	static List<String> hostileEmails() {
		return List.of("nul\u0000byte@example.com", "bell\u0007@example.com", "new\nline@example.com",
				"rtl\u202Emoc.elpmaxe@example.com", "zero\u200Bwidth@example.com", "\uFEFFbom@example.com",
				"a".repeat(10_000) + "@example.com", "\uD800@example.com", "@", "");
	}

	@ParameterizedTest(name = "sign-up with e-mail #{index} is refused at the field")
	@MethodSource("hostileEmails")
	void signUpWithAHostileEmailIsRefused(String email) throws Exception {
		MvcResult result = this.mvc.perform(signUp(email, "Someone", PASSWORD)).andReturn();

		assertNoStackTrace("sign-up", result.getResponse().getStatus(), result.getResponse().getContentAsString());
		assertThat(result.getResponse().getStatus()).isEqualTo(400);
		assertThat(result.getResponse().getContentAsString()).contains("Enter a valid e-mail address.");
		assertThat(this.people.findByEmail(email)).isEmpty();
	}

	@ParameterizedTest(name = "sign-up with name #{index} is refused at the field")
	@MethodSource("hostileNames")
	void signUpWithAHostileNameIsRefused(String displayName) throws Exception {
		String email = "hostile-name-" + UUID.randomUUID() + "@example.com";

		MvcResult result = this.mvc.perform(signUp(email, displayName, PASSWORD)).andReturn();

		assertNoStackTrace("sign-up", result.getResponse().getStatus(), result.getResponse().getContentAsString());
		assertThat(result.getResponse().getStatus()).isEqualTo(400);
		assertThat(this.people.findByEmail(email)).isEmpty();
	}

	static List<String> hostileNames() {
		return List.of("Nul\u0000Name", "Escape\u001B[31mred", "Carriage\rReturn", "n".repeat(10_000));
	}

	@Test
	void signUpWithUnicodeLettersInTheEmailAndNameIsAccepted() throws Exception {
		String email = "jürgen-" + UUID.randomUUID() + "@bücher.example";

		MvcResult result = this.mvc.perform(signUp(email, "Jürgen 山田 👨‍👩‍👧", PASSWORD)).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(this.people.findByEmail(email)).map(Person::displayName).hasValue("Jürgen 山田 👨‍👩‍👧");
	}

	@ParameterizedTest(name = "sign-in with e-mail #{index} fails like a wrong password")
	@MethodSource("hostileEmails")
	void signInWithAHostileEmailFailsLikeAWrongPassword(String email) throws Exception {
		MvcResult result = this.mvc.perform(post("/login").param("email", email)
			.param("password", PASSWORD)
			.with(csrf())
			.with(newAddress())).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
		assertThat(this.jdbc.queryForList("select attempt_key from login_attempt", String.class))
			.allSatisfy((key) -> assertThat(key).doesNotContainPattern("\\p{Cntrl}").hasSizeLessThanOrEqualTo(400));
	}

	@ParameterizedTest(name = "TV code #{index} is refused on /activate")
	@MethodSource("hostileUserCodes")
	void hostileUserCodeIsRefusedOnTheActivatePage(String userCode) throws Exception {
		Person person = this.people.signUp("hostile-code-" + UUID.randomUUID() + "@example.com", PASSWORD, null);

		MvcResult posted = this.mvc.perform(post("/activate").param("user_code", userCode)
			.with(csrf())
			.with(user(person.id()))
			.with(newAddress())).andReturn();
		MvcResult linked = this.mvc.perform(get("/activate").param("user_code", userCode)
			.with(user(person.id()))
			.with(newAddress())).andReturn();
		MvcResult confirmed = this.mvc.perform(post("/oauth2/device_verification").param("user_code", userCode)
			.with(csrf())
			.with(user(person.id()))
			.with(newAddress())).andReturn();

		for (MvcResult result : List.of(posted, linked)) {
			assertNoStackTrace("activate", result.getResponse().getStatus(), result.getResponse().getContentAsString());
		}
		assertThat(posted.getResponse().getStatus()).isEqualTo(400);
		assertThat(posted.getResponse().getContentAsString()).contains("That code is not valid or has expired.");
		// a link with a blank code shows the empty entry form
		assertThat(linked.getResponse().getStatus()).isEqualTo(userCode.isBlank() ? 200 : 400);
		assertNoStackTrace("device verification", confirmed.getResponse().getStatus(),
				confirmed.getResponse().getContentAsString());
		assertThat(confirmed.getResponse().getStatus()).isBetween(300, 499);
	}

	static List<String> hostileUserCodes() {
		return List.of("BCDF\u0000GHJK", "\uFF22\uFF23\uFF24\uFF26-\uFF27\uFF28\uFF2A\uFF2B", "🙂🙂🙂🙂-🙂🙂🙂🙂",
				"\u202EKJHG-FDCB", "BCDF\u200BGHJK", "\uD800\uDC00\uDBFF", "B".repeat(10_000), "' OR '1'='1",
				"%00%00", "\r\n\t");
	}

	private MockHttpServletRequestBuilder signUp(String email, String displayName, String password) {
		return post("/signup").param("email", email)
			.param("displayName", displayName)
			.param("password", password)
			.param("confirmPassword", password)
			.with(csrf())
			.with(newAddress());
	}

	/** A fresh address from 198.18.0.0/15 (benchmarking range) for every request. */
	static RequestPostProcessor newAddress() {
		int n = ADDRESSES.incrementAndGet();
		String address = "198.18." + ((n >> 8) & 0xFF) + "." + (n & 0xFF);
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

}
