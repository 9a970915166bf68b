package io.turnstile.auth.token;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import io.turnstile.auth.client.ClientSecretEncoder;
import io.turnstile.auth.web.SecurityHeaders;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretBasicAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretPostAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.DelegatingAuthenticationConverter;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A protocol endpoint's plain, hot case served without the ~25 filters of the protocol chain, which cost
 * most of its CPU. It runs just before Spring Security (after the rate limits, observations and the
 * database guard) and calls the framework parts the chain would, configured as the chain configures them:
 * the client-secret converters and provider (with {@link ClientSecretEncoder}) and the chain's response
 * headers ({@link SecurityHeaders}); the subclass does the endpoint's part.
 * <p>
 * It takes only a {@code POST} to its endpoint authenticated with a client secret (HTTP Basic or form), with
 * no DPoP proof and only the parameters it allows, each once (so no client assertion), that the subclass
 * {@linkplain #accepts accepts}. Everything else,
 * and every request it cannot complete (a wrong secret, an unknown token, a malformed parameter), goes on to
 * the protocol chain untouched, which answers it exactly as before, with its error JSON,
 * {@code WWW-Authenticate} and audit: a refused request costs two attempts, a served one a fraction of one.
 */
abstract class DirectEndpointFilter extends OncePerRequestFilter {

	private final AuthorizationServerSettings settings;

	private final String endpoint;

	private final List<String> parameters;

	private final AuthenticationConverter clientConverter = new DelegatingAuthenticationConverter(
			List.of(new ClientSecretBasicAuthenticationConverter(), new ClientSecretPostAuthenticationConverter()));

	private final ClientSecretAuthenticationProvider clients;

	private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

	/**
	 * @param parameters what the served requests may carry, each once: the endpoint's own and the client's id
	 * and secret (so never a client assertion)
	 */
	DirectEndpointFilter(AuthorizationServerSettings settings, String endpoint, List<String> parameters,
			RegisteredClientRepository registeredClients, OAuth2AuthorizationService authorizations) {
		this.settings = settings;
		this.endpoint = endpoint;
		this.parameters = parameters;
		this.clients = new ClientSecretAuthenticationProvider(registeredClients, authorizations);
		this.clients.setPasswordEncoder(new ClientSecretEncoder());
	}

	/** Whether this request, which carries only the allowed parameters once each, is the case served. */
	abstract boolean accepts(HttpServletRequest request);

	/**
	 * Serves the request for the authenticated client, having written {@link SecurityHeaders} first; or returns
	 * {@code false} (or throws) having written nothing, and the protocol chain answers instead.
	 */
	abstract boolean serve(HttpServletRequest request, HttpServletResponse response,
			OAuth2ClientAuthenticationToken client) throws IOException, ServletException;

	@Override
	protected final boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod())
				|| !this.endpoint.equals(request.getRequestURI().substring(request.getContextPath().length()))
				|| request.getHeader("DPoP") != null || !onlyAllowedParameters(request) || !accepts(request);
	}

	@Override
	protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!served(request, response)) {
			chain.doFilter(request, response);
		}
	}

	private boolean served(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		AuthorizationServerContextHolder.setContext(new Context(issuer(request), this.settings));
		SecurityContext security = SecurityContextHolder.createEmptyContext();
		SecurityContextHolder.setContext(security);
		try {
			OAuth2ClientAuthenticationToken client = authenticatedClient(request);
			if (client == null) {
				return false;
			}
			security.setAuthentication(client);
			return serve(request, response, client);
		}
		catch (OAuth2AuthenticationException ex) {
			return false;
		}
		finally {
			SecurityContextHolder.clearContext();
			AuthorizationServerContextHolder.resetContext();
		}
	}

	final WebAuthenticationDetailsSource details() {
		return this.details;
	}

	private @Nullable OAuth2ClientAuthenticationToken authenticatedClient(HttpServletRequest request) {
		Authentication attempt = this.clientConverter.convert(request);
		if (!(attempt instanceof OAuth2ClientAuthenticationToken clientAttempt)
				|| !visibleAscii((String) clientAttempt.getPrincipal())) {
			return null;
		}
		clientAttempt.setDetails(this.details.buildDetails(request));
		Authentication client = this.clients.authenticate(clientAttempt);
		return (client instanceof OAuth2ClientAuthenticationToken authenticated
				&& authenticated.getRegisteredClient() != null) ? authenticated : null;
	}

	private boolean onlyAllowedParameters(HttpServletRequest request) {
		for (var parameter : request.getParameterMap().entrySet()) {
			if (!this.parameters.contains(parameter.getKey()) || parameter.getValue().length != 1) {
				return false;
			}
		}
		return true;
	}

	/** The framework refuses client ids outside {@code %x20-7E} (OAuth 2.1, Appendix A.1). */
	private static boolean visibleAscii(String clientId) {
		for (int i = 0; i < clientId.length(); i++) {
			char c = clientId.charAt(i);
			if (c < 32 || c > 126) {
				return false;
			}
		}
		return true;
	}

	/** The issuer as the framework's {@code AuthorizationServerContextFilter} resolves it on this endpoint. */
	private String issuer(HttpServletRequest request) {
		if (this.settings.getIssuer() != null) {
			return this.settings.getIssuer();
		}
		return UriComponentsBuilder.fromUriString(UrlUtils.buildFullRequestUrl(request))
			.replacePath(request.getRequestURI().replace(this.endpoint, ""))
			.replaceQuery(null)
			.fragment(null)
			.build()
			.toUriString();
	}

	private record Context(String getIssuer, AuthorizationServerSettings getAuthorizationServerSettings)
			implements AuthorizationServerContext {
	}

}
