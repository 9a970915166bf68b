package io.turnstile.auth.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits on requests to our JSON APIs ({@code /api/**}, {@code /admin/**}), checked before anything else
 * reads them: a body of at most {@value #MAX_BODY_BYTES} bytes ({@code 413 payload-too-large}; every body
 * of these APIs is well under a kilobyte), each parameter at most once and decodable
 * ({@code 400 malformed-request}), so that no two readers of a request can see different values.
 */
@Component
@Order(ApiRequestLimitsFilter.ORDER)
class ApiRequestLimitsFilter extends OncePerRequestFilter {

	/** Before Spring Security's filter chain (-100). */
	static final int ORDER = -110;

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// decoded, as request mapping sees it
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return !(path.startsWith("/api/") || path.startsWith("/admin/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest checked = request;
		long length = request.getContentLengthLong();
		if (length > MAX_BODY_BYTES) {
			refuse(response, Problems.PAYLOAD_TOO_LARGE, "Request bodies are at most " + MAX_BODY_BYTES + " bytes");
			return;
		}
		if (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				refuse(response, Problems.PAYLOAD_TOO_LARGE,
						"Request bodies are at most " + MAX_BODY_BYTES + " bytes");
				return;
			}
			checked = new ReadBodyRequest(request, body);
		}
		Map<String, String[]> parameters;
		try {
			parameters = checked.getParameterMap();
		}
		catch (IllegalStateException ex) {
			// the container could not decode a parameter (broken percent-encoding, invalid UTF-8)
			refuse(response, Problems.MALFORMED_REQUEST, "A parameter could not be decoded");
			return;
		}
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (parameter.getValue().length > 1) {
				refuse(response, Problems.MALFORMED_REQUEST, "Each parameter may be given once");
				return;
			}
		}
		chain.doFilter(checked, response);
	}

	private void refuse(HttpServletResponse response, Problems type, String detail) throws IOException {
		ProblemDetail problem = type.detail(detail);
		response.setStatus(problem.getStatus());
		response.setHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.CONNECTION, "close");
		this.json.writeValue(response.getOutputStream(), Map.of("type", String.valueOf(problem.getType()), "title",
				String.valueOf(problem.getTitle()), "status", problem.getStatus(), "detail", detail));
	}

}
