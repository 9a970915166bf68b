package io.turnstile.auth.account;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import io.turnstile.auth.TurnstileTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static io.turnstile.auth.account.SignInPageIntegrationTests.remoteAddress;
import static io.turnstile.auth.account.SignInPageIntegrationTests.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The consent page, alone and inside the authorization code flow of {@code demo-web}.
 */
@TurnstileTest
class ConsentPageIntegrationTests {

	private static final String PASSWORD = "a-long-enough-password";

	private static final String CALLBACK = "http://127.0.0.1:8081/callback";

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private People people;

	@Autowired
	private RegisteredClientRepository registeredClients;

	@Autowired
	private OAuth2AuthorizationConsentService consents;

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void consentPageShowsTheAppAndItsScopesInPlainWords() throws Exception {
		this.mvc
			.perform(get("/oauth2/consent").param("client_id", "demo-web")
				.param("scope", "openid profile email offline_access entitlements")
				.param("state", "server-state")
				.with(user("consent-plain-words")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Demo web app")))
			.andExpect(content().string(containsString("Sign you in")))
			.andExpect(content().string(containsString("See your name")))
			.andExpect(content().string(containsString("See your e-mail address")))
			.andExpect(content().string(containsString("Keep you signed in on this device")))
			.andExpect(content().string(containsString("See your plan and passes")))
			.andExpect(content().string(containsString("<input type=\"hidden\" name=\"scope\" value=\"openid\">")))
			.andExpect(content().string(not(containsString("id=\"scope-openid\""))))
			.andExpect(content().string(containsString("<label for=\"scope-profile\">")))
			.andExpect(content().string(containsString("value=\"server-state\"")))
			.andExpect(content().string(containsString("action=\"/oauth2/authorize\"")))
			.andExpect(content().string(containsString("name=\"_csrf\"")))
			.andExpect(content().string(not(containsString("style="))));
	}

	@Test
	void previouslyApprovedScopesAreListedAsAlreadyGranted() throws Exception {
		RegisteredClient demoWeb = this.registeredClients.findByClientId("demo-web");
		this.consents.save(OAuth2AuthorizationConsent.withId(demoWeb.getId(), "consent-previous")
			.scope("profile")
			.build());
		this.mvc
			.perform(get("/oauth2/consent").param("client_id", "demo-web")
				.param("scope", "openid profile email")
				.param("state", "server-state")
				.with(user("consent-previous")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("You have already allowed it to:")))
			.andExpect(content().string(containsString("See your name")))
			.andExpect(content().string(not(containsString("id=\"scope-profile\""))))
			.andExpect(content().string(containsString("id=\"scope-email\"")));
	}

	@Test
	void unknownClientGetsAnErrorPageWithAWayBack() throws Exception {
		this.mvc
			.perform(get("/oauth2/consent").param("client_id", "no-such-app")
				.param("scope", "openid")
				.param("state", "server-state")
				.with(user("consent-unknown-client")))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("know this app")))
			.andExpect(content().string(containsString("href=\"/\"")));
	}

	@Test
	void consentPageWithoutParametersIsABadRequestNotAServerError() throws Exception {
		this.mvc.perform(get("/oauth2/consent").with(user("consent-no-parameters")))
			.andExpect(status().isBadRequest());
	}

	@Test
	void allowingSendsACodeForTheChosenScopesToTheApp() throws Exception {
		MockHttpSession session = signedIn("consent-allow@example.test", "198.51.100.20");
		URI consentPage = authorize(session);
		this.mvc.perform(get(consentPage).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Demo web app")));
		MvcResult allowed = this.mvc
			.perform(post("/oauth2/authorize").param("client_id", "demo-web")
				.param("state", queryParam(consentPage, "state"))
				.param("scope", "openid")
				.param("scope", "profile")
				.with(csrf())
				.session(session))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		URI callback = URI.create(allowed.getResponse().getRedirectedUrl());
		assertThat(callback.toString()).startsWith(CALLBACK + "?");
		assertThat(queryParam(callback, "code")).isNotBlank();
		assertThat(queryParam(callback, "state")).isEqualTo("app-state");
		RegisteredClient demoWeb = this.registeredClients.findByClientId("demo-web");
		String personId = this.people.findByEmail("consent-allow@example.test").orElseThrow().id();
		assertThat(this.consents.findById(demoWeb.getId(), personId).getScopes()).containsExactlyInAnyOrder("openid",
				"profile");
	}

	@Test
	void cancellingSendsAccessDeniedToTheApp() throws Exception {
		MockHttpSession session = signedIn("consent-cancel@example.test", "198.51.100.21");
		URI consentPage = authorize(session);
		MvcResult cancelled = this.mvc
			.perform(post("/oauth2/authorize").param("client_id", "demo-web")
				.param("state", queryParam(consentPage, "state"))
				.with(csrf())
				.session(session))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		URI callback = URI.create(cancelled.getResponse().getRedirectedUrl());
		assertThat(callback.toString()).startsWith(CALLBACK + "?");
		assertThat(queryParam(callback, "error")).isEqualTo("access_denied");
		assertThat(callback.getQuery()).doesNotContain("code=");
	}

	private MockHttpSession signedIn(String email, String address) throws Exception {
		this.people.signUp(email, PASSWORD, "");
		MvcResult result = this.mvc
			.perform(post("/login").param("email", email)
				.param("password", PASSWORD)
				.with(csrf())
				.with(remoteAddress(address)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		return session(result);
	}

	/** Starts the code flow of demo-web and returns the consent page it redirects to. */
	private URI authorize(MockHttpSession session) throws Exception {
		// The authorization endpoint reads a GET request's parameters from the query string only.
		URI authorizationRequest = UriComponentsBuilder.fromPath("/oauth2/authorize")
			.queryParam("response_type", "code")
			.queryParam("client_id", "demo-web")
			.queryParam("redirect_uri", CALLBACK)
			.queryParam("scope", "openid profile email")
			.queryParam("state", "app-state")
			.queryParam("code_challenge", challenge("a-code-verifier-of-at-least-forty-three-characters"))
			.queryParam("code_challenge_method", "S256")
			.encode()
			.build()
			.toUri();
		MvcResult result = this.mvc.perform(get(authorizationRequest).accept(MediaType.TEXT_HTML).session(session))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		URI consentPage = URI.create(result.getResponse().getRedirectedUrl());
		assertThat(consentPage.getPath()).isEqualTo("/oauth2/consent");
		assertThat(queryParam(consentPage, "client_id")).isEqualTo("demo-web");
		return consentPage;
	}

	private static String queryParam(URI uri, String name) {
		String value = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst(name);
		assertThat(value).as(name).isNotNull();
		return UriUtils.decode(value, StandardCharsets.UTF_8);
	}

	private static String challenge(String verifier) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

}
