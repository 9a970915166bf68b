package io.turnstile.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost filter: a request that fails because the database cannot be reached (in the session
 * filter, in a protocol endpoint, anywhere) answers {@code 503} with {@code Retry-After} in the shape its
 * endpoint speaks: RFC 6749 error JSON ({@code temporarily_unavailable}) on OAuth endpoints, a problem detail
 * on our JSON APIs and the webhook (Stripe retries any 5xx), a short page elsewhere. No stack trace, and
 * the node needs no restart: the next request after the database is back is served.
 */
public class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(DatabaseUnavailableFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!DatabaseUnavailable.causes(ex) || response.isCommitted()) {
				throw ex;
			}
			logger.warn("The database is unavailable (" + DatabaseUnavailable.describe(ex) + "); answered "
					+ request.getMethod() + " " + request.getRequestURI() + " with 503");
			answer(request, response);
		}
	}

	private static void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.reset();
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.startsWith("/oauth2/") || path.equals("/userinfo") || path.startsWith("/connect/")) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getWriter()
				.write("{\"error\":\"temporarily_unavailable\",\"error_description\":\"" + DatabaseUnavailable.DETAIL
						+ "\"}");
		}
		else if (path.startsWith("/api/") || path.startsWith("/billing/")
				|| (path.startsWith("/admin/") && !path.startsWith("/admin/console"))) {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter()
				.write("{\"type\":\"/problems/service-unavailable\",\"title\":\"Temporarily unavailable\",\"status\":503,"
						+ "\"detail\":\"" + DatabaseUnavailable.DETAIL + "\"}");
		}
		else {
			response.setContentType(MediaType.TEXT_HTML_VALUE);
			response.getWriter()
				.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Temporarily unavailable"
						+ "</title></head><body><h1>Temporarily unavailable</h1><p>Please try again in a moment.</p>"
						+ "</body></html>");
		}
	}

}
