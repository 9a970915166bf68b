package io.turnstile.auth.entitlement;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import io.turnstile.auth.entitlement.DecisionController.DecisionJson;
import io.turnstile.auth.entitlement.DecisionController.DecisionRequest;
import io.turnstile.auth.web.ReadBodyRequest;
import io.turnstile.auth.web.SecurityHeaders;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code POST /api/decisions} answered by {@link DecisionController#decide} without the public API chain
 * (which only permits it and writes its headers) and without Spring MVC's dispatch, which together cost more
 * than the decision. It runs after the request limits ({@code ApiRequestLimitsFilter}), takes a JSON body
 * of known length that Boot's mapper reads as MVC would, and writes the answer with that mapper and the
 * chain's headers. A body it cannot read, or a request the controller refuses, goes on to the chain and MVC
 * with the same bytes, which answer it with their problem details. Just inside Spring Security's filter
 * order (-100); {@code turnstile.direct-endpoints=false} sends it through them.
 */
@Component
@Order(-101)
@ConditionalOnBooleanProperty(name = "turnstile.direct-endpoints", matchIfMissing = true)
final class DirectDecisionsFilter extends OncePerRequestFilter {

	private static final String PATH = "/api/decisions";

	private final DecisionController decisions;

	private final JsonMapper json;

	DirectDecisionsFilter(DecisionController decisions, JsonMapper json) {
		this.decisions = decisions;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod())
				|| !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))
				|| request.getQueryString() != null || request.getContentLengthLong() < 0 || !json(request.getContentType());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readAllBytes();
		DecisionJson answer;
		try {
			DecisionRequest decisionRequest = this.json.readValue(body, DecisionRequest.class);
			answer = (decisionRequest != null)
					? this.decisions.decide(request.getHeader(HttpHeaders.AUTHORIZATION), decisionRequest) : null;
		}
		catch (RuntimeException ex) {
			// unreadable or refused: MVC answers it (a database failure, too, once more)
			answer = null;
		}
		if (answer == null) {
			chain.doFilter(new ReadBodyRequest(request, body), response);
			return;
		}
		SecurityHeaders.write(request, response);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), answer);
	}

	private static boolean json(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.isWildcardSubtype();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
