package io.turnstile.auth.entitlement;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.TurnstileTest;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The direct decision path answers what the public API chain and the controller behind Spring MVC answer
 * (MockMvc runs the chain and MVC without the servlet filters), and hands what it cannot read or the
 * controller refuses to them with the same body.
 */
@TurnstileTest
class DirectDecisionsFilterIntegrationTests {

	private static final String PASSWORD = "direct-decisions-password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	DirectDecisionsFilter filter;

	@Autowired
	WebApplicationContext context;

	@Autowired
	People people;

	@Autowired
	Entitlements entitlements;

	@LocalServerPort
	int port;

	@Test
	void answersEveryDecisionAsTheChainAndControllerDo() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		Person person = this.people.signUp("direct-decide-" + UUID.randomUUID() + "@example.com", PASSWORD, null);
		this.entitlements.compTier(new AccountId(person.id()), "standard", null, new Change("test", "direct decisions"));
		String token = new OAuthTestClient(this.port).signIn(person.email(), PASSWORD, "openid")
			.getAccessToken()
			.getValue();

		for (String body : List.of("{\"content\":{\"id\":\"t1\"}}",
				"{\"content\":{\"id\":\"t2\",\"requiredTier\":\"premium\",\"feature\":\"uhd\"}}",
				"{\"content\":{\"id\":\"t3\",\"requiredTier\":\"standard\",\"quality\":\"uhd\"}}",
				"{\"content\":{\"id\":\"t4\"},\"deviceId\":\"another-device\"}")) {
			for (String authorization : List.of("Bearer " + token, "Bearer not-a-token", "")) {
				MockHttpServletResponse direct = new MockHttpServletResponse();
				AtomicReference<HttpServletRequest> passedOn = new AtomicReference<>();
				direct(decision(body, authorization), direct, passedOn);
				MockHttpServletRequestBuilder viaMvc = post("/api/decisions").contentType(MediaType.APPLICATION_JSON)
					.content(body)
					.with((request) -> onThisServer(request));
				if (!authorization.isEmpty()) {
					viaMvc.header("Authorization", authorization);
				}
				MockHttpServletResponse chain = mvc.perform(viaMvc).andReturn().getResponse();

				assertThat(passedOn.get()).as(body).isNull();
				assertThat(direct.getStatus()).isEqualTo(chain.getStatus()).isEqualTo(200);
				assertThat(JSON.readTree(direct.getContentAsString())).as(body)
					.isEqualTo(JSON.readTree(chain.getContentAsString()));
				assertThat(MediaType.parseMediaType(direct.getContentType()))
					.isEqualTo(MediaType.parseMediaType(chain.getContentType()));
				for (String header : List.of("Cache-Control", "Pragma", "Expires", "X-Content-Type-Options",
						"X-Frame-Options", "X-XSS-Protection")) {
					assertThat(direct.getHeader(header)).as(header).isEqualTo(chain.getHeader(header));
				}
			}
		}
	}

	@Test
	void handsWhatItCannotReadOrTheControllerRefusesOnWithTheSameBody() throws Exception {
		for (String body : List.of("{\"content\":", "{\"content\":{}}", "null", "{\"content\":{\"id\":\" \"}}",
				"{\"content\":{\"id\":\"t\"},\"dpop\":{\"proof\":\"x\"}}")) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			AtomicReference<HttpServletRequest> passedOn = new AtomicReference<>();

			direct(decision(body, ""), response, passedOn);

			assertThat(passedOn.get()).as(body).isNotNull();
			assertThat(new String(passedOn.get().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
			assertThat(response.getContentAsByteArray()).isEmpty();
			assertThat(response.getHeaderNames()).isEmpty();
		}
	}

	/** As RequestContextFilter, ahead of it on the server, leaves the request. */
	private void direct(MockHttpServletRequest request, MockHttpServletResponse response,
			AtomicReference<HttpServletRequest> passedOn) throws Exception {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, response));
		try {
			this.filter.doFilter(request, response, recording(passedOn));
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
	}

	/** The issuer the tokens name is this server's address. */
	private MockHttpServletRequest onThisServer(MockHttpServletRequest request) {
		request.setServerName("localhost");
		request.setServerPort(this.port);
		return request;
	}

	private MockHttpServletRequest decision(String body, @Nullable String authorization) {
		MockHttpServletRequest request = onThisServer(new MockHttpServletRequest("POST", "/api/decisions"));
		request.setContentType(MediaType.APPLICATION_JSON_VALUE);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		if (authorization != null && !authorization.isEmpty()) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

	private static FilterChain recording(AtomicReference<HttpServletRequest> passedOn) {
		return (request, response) -> passedOn.set((HttpServletRequest) request);
	}

}
