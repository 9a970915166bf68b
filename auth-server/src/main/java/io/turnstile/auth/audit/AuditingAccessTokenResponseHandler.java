package io.turnstile.auth.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

/**
 * The token endpoint's success handler, decorated: every token response is recorded (within moments, in a
 * batch: {@link AuditLog#recordSoon}) as {@code token.refreshed} for the refresh grant and
 * {@code token.issued} for the others, with the
 * client as actor, the person as subject, and the grant, scopes, access token {@code jti} and device id as
 * detail. Token values are read (our own JWT access token, for its claims) but never recorded.
 */
public final class AuditingAccessTokenResponseHandler implements AuthenticationSuccessHandler {

	static final String ISSUED = "token.issued";

	static final String REFRESHED = "token.refreshed";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {
	};

	private static final List<String> AUDITED = List.of("jti", "did", "sub");

	private final AuthenticationSuccessHandler delegate;

	private final AuditLog audit;

	public AuditingAccessTokenResponseHandler(AuthenticationSuccessHandler delegate, AuditLog audit) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		this.delegate = delegate;
		this.audit = audit;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		if (authentication instanceof OAuth2AccessTokenAuthenticationToken tokens) {
			record(request, tokens);
		}
		this.delegate.onAuthenticationSuccess(request, response, authentication);
	}

	private void record(HttpServletRequest request, OAuth2AccessTokenAuthenticationToken tokens) {
		String grant = String.valueOf(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
		String clientId = tokens.getRegisteredClient().getClientId();
		OAuth2AccessToken accessToken = tokens.getAccessToken();
		Map<String, Object> claims = claims(accessToken);
		boolean forAPerson = !AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(grant);
		StringBuilder detail = new StringBuilder("grant ").append(grant);
		detail.append("; scope ").append(String.join(" ", new TreeSet<>(accessToken.getScopes())));
		if (claims.get("jti") != null) {
			detail.append("; jti ").append(claims.get("jti"));
		}
		if (claims.get("did") != null) {
			detail.append("; device ").append(claims.get("did"));
		}
		if (tokens.getRefreshToken() != null) {
			detail.append("; refresh token issued");
		}
		this.audit.recordSoon(AuditLog.entry(AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grant) ? REFRESHED : ISSUED)
			.actor(clientId)
			.client(clientId)
			.subject(forAPerson ? string(claims.get("sub")) : null)
			.detail(detail.toString()));
	}

	/**
	 * {@code jti}, {@code did} and {@code sub} of our own (just issued, so not verified again) JWT access
	 * token; none for another format. This runs on every token response: the JDK's decoder and a look for
	 * the three members in the JSON our encoder wrote, Jackson only if a value holds an escape.
	 */
	private static Map<String, Object> claims(OAuth2AccessToken accessToken) {
		String value = accessToken.getTokenValue();
		int first = value.indexOf('.');
		int second = value.indexOf('.', first + 1);
		if (first < 0 || second < 0) {
			return Map.of();
		}
		try {
			String payload = new String(Base64.getUrlDecoder().decode(value.substring(first + 1, second)),
					StandardCharsets.UTF_8);
			if (payload.indexOf('\\') >= 0) {
				return JSON.readValue(payload, CLAIMS);
			}
			Map<String, Object> claims = new HashMap<>();
			for (String name : AUDITED) {
				String member = stringMember(payload, name);
				if (member != null) {
					claims.put(name, member);
				}
			}
			return claims;
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return Map.of();
		}
	}

	/** A string member of a JSON object without escapes ({@code "name":"value"}), or {@code null}. */
	private static @Nullable String stringMember(String json, String name) {
		String key = "\"" + name + "\":\"";
		int start = json.indexOf(key);
		if (start < 0) {
			return null;
		}
		start += key.length();
		int end = json.indexOf('"', start);
		return (end < 0) ? null : json.substring(start, end);
	}

	private static @Nullable String string(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

}
