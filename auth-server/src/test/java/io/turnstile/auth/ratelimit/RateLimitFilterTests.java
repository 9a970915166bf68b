package io.turnstile.auth.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTests {

	final RateLimitFilter filter = new RateLimitFilter(new RateLimitProperties(true, 1, 3, 100, 100, 1, 2));

	@Test
	void tokenRequestsBeyondTheClientsBurstAreTemporarilyUnavailableWithRetryAfter() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(send(tokenRequest("client-a", "10.0.0.1")).getStatus()).isEqualTo(200);
		}

		MockHttpServletResponse refused = send(tokenRequest("client-a", "10.0.0.1"));

		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentAsString()).contains("\"error\":\"temporarily_unavailable\"");
		assertThat(send(tokenRequest("client-b", "10.0.0.1")).getStatus()).as("other clients are not affected")
			.isEqualTo(200);
	}

	@Test
	void formPostsArePerAddressAndGetTheErrorPage() throws Exception {
		assertThat(send(form("/login", "10.0.0.2")).getStatus()).isEqualTo(200);
		assertThat(send(form("/signup", "10.0.0.2")).getStatus()).isEqualTo(200);

		MockHttpServletResponse refused = send(form("/activate", "10.0.0.2"));

		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).isNotBlank();
		assertThat(send(form("/login", "10.0.0.3")).getStatus()).isEqualTo(200);
	}

	@Test
	void otherRequestsAndDisabledLimitsPassUntouched() throws Exception {
		RateLimitFilter disabled = new RateLimitFilter(new RateLimitProperties(false, 1, 1, 1, 1, 1, 1));
		for (int i = 0; i < 5; i++) {
			MockHttpServletRequest discovery = new MockHttpServletRequest("GET", "/.well-known/openid-configuration");
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(discovery, response, new MockFilterChain());
			assertThat(response.getStatus()).isEqualTo(200);
			MockHttpServletResponse unlimited = new MockHttpServletResponse();
			disabled.doFilter(tokenRequest("c", "10.0.0.4"), unlimited, new MockFilterChain());
			assertThat(unlimited.getStatus()).isEqualTo(200);
		}
	}

	private MockHttpServletResponse send(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	private static MockHttpServletRequest tokenRequest(String client, String address) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.setRemoteAddr(address);
		request.addHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString((client + ":secret").getBytes(StandardCharsets.UTF_8)));
		return request;
	}

	private static MockHttpServletRequest form(String path, String address) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setRemoteAddr(address);
		return request;
	}

}
