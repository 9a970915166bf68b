package io.turnstile.auth.page;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.RequestDispatcher;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * The error attributes of Boot's error page, plus the {@code kind} of error a person hit when the code that
 * failed knows it (for example {@code unknown-client} at the authorization endpoint), so {@code error.html}
 * can say what happened and where to go instead of a bare status.
 */
@Component
public class PageErrors extends DefaultErrorAttributes {

	/** The request attribute that names the kind of error, set before {@code sendError}. */
	public static final String KIND = PageErrors.class.getName() + ".kind";

	/** The app that cannot be found. */
	public static final String UNKNOWN_CLIENT = "unknown-client";

	/** The app sent a redirect URI it did not register. */
	public static final String INVALID_REDIRECT = "invalid-redirect";

	/** A sign-in request that is not valid. */
	public static final String INVALID_REQUEST = "invalid-request";

	/** The endpoints whose clients read RFC 6749 error JSON. */
	private static final Set<String> OAUTH_ENDPOINTS = Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
			"/oauth2/device_authorization");

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		Object kind = request.getAttribute(KIND, RequestAttributes.SCOPE_REQUEST);
		if (kind instanceof String value) {
			attributes.put("kind", value);
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI, RequestAttributes.SCOPE_REQUEST);
		if (uri instanceof String path && OAUTH_ENDPOINTS.contains(path)
				&& attributes.get("status") instanceof Integer status) {
			// What the container refused before the endpoint saw it (a body over the form limit, say), in the
			// endpoint's own error format (RFC 6749, section 5.2).
			attributes.put("error", (status >= 500) ? "server_error" : "invalid_request");
			attributes.put("error_description", (status == 413) ? "The request body is too large"
					: (status >= 500) ? "The request could not be completed" : "The request could not be read");
		}
		return attributes;
	}

}
