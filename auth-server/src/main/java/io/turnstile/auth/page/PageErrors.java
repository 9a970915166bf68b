package io.turnstile.auth.page;

import java.util.Map;

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

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		Object kind = request.getAttribute(KIND, RequestAttributes.SCOPE_REQUEST);
		if (kind instanceof String value) {
			attributes.put("kind", value);
		}
		return attributes;
	}

}
