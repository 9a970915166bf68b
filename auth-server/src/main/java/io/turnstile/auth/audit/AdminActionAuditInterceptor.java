package io.turnstile.auth.audit;

import java.util.Map;
import java.util.Set;

import io.turnstile.entitlements.AccountId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every admin API request that can change something (not {@code GET}, {@code HEAD},
 * {@code OPTIONS}) once it is answered, as {@code admin.request}: the operator's token subject as actor,
 * its client, the person named by {@code {userId}} as subject, and the method, path template (never the
 * raw path, never a body) and status as detail.
 */
class AdminActionAuditInterceptor implements HandlerInterceptor {

	static final String ACTION = "admin.request";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private final AuditLog audit;

	AdminActionAuditInterceptor(AuditLog audit) {
		Assert.notNull(audit, "audit cannot be null");
		this.audit = audit;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (SAFE_METHODS.contains(request.getMethod())) {
			return;
		}
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		int status = response.getStatus();
		AuditLog.Entry entry = AuditLog.entry(ACTION)
			.subject(userId(request))
			.detail(request.getMethod() + " " + ((pattern != null) ? pattern : "(no handler)") + " " + status);
		if (request.getUserPrincipal() instanceof JwtAuthenticationToken operator) {
			entry.actor((operator.getToken().getSubject() != null) ? operator.getToken().getSubject()
					: AuditLog.ANONYMOUS);
			entry.client(operator.getToken().getClaimAsString("client_id"));
		}
		if (ex != null || status >= 400) {
			entry.failed();
		}
		this.audit.record(entry);
	}

	private static @Nullable String userId(HttpServletRequest request) {
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
				&& variables.get("userId") instanceof String userId && AccountId.isValid(userId)) {
			return userId;
		}
		return null;
	}

}
