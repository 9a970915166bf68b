package io.turnstile.auth.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.nimbusds.jose.jwk.JWKSet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the JWKS document ({@code GET /oauth2/jwks}) ahead of the security filter chain, which has
 * nothing to check for a public document: the public keys of {@link SigningKeys#publishedDocumentKeys()},
 * serialised once per key-set snapshot, with a strong {@code ETag} (a repeated request with
 * {@code If-None-Match} gets {@code 304}) and {@code Cache-Control: public, max-age} of the keys' reload
 * interval: every key is published at least two reload intervals before it signs, so a verifier's cached
 * copy always knows the key of any token it sees. Other methods and paths pass on to the chain.
 */
final class JwksFilter extends OncePerRequestFilter {

	private final SigningKeys signingKeys;

	private final String path;

	private volatile Prepared prepared = new Prepared(new JWKSet(), new byte[0], "");

	JwksFilter(SigningKeys signingKeys, String path) {
		Assert.notNull(signingKeys, "signingKeys cannot be null");
		Assert.hasText(path, "path cannot be empty");
		this.signingKeys = signingKeys;
		this.path = path;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !("GET".equals(method) || "HEAD".equals(method))
				|| !request.getRequestURI().equals(request.getContextPath() + this.path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Prepared document = prepared(this.signingKeys.publishedDocumentKeys());
		response.setHeader(HttpHeaders.ETAG, document.etag());
		response.setHeader(HttpHeaders.CACHE_CONTROL,
				"public, max-age=" + this.signingKeys.reloadInterval().toSeconds());
		response.setHeader("X-Content-Type-Options", "nosniff");
		String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null && (ifNoneMatch.equals(document.etag()) || ifNoneMatch.equals("*"))) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(document.body().length);
		if ("GET".equals(request.getMethod())) {
			response.getOutputStream().write(document.body());
		}
	}

	private Prepared prepared(JWKSet keys) {
		Prepared current = this.prepared;
		if (current.keys() == keys) {
			return current;
		}
		byte[] body = keys.toString(true).getBytes(StandardCharsets.UTF_8);
		Prepared fresh = (current.body().length == body.length && MessageDigest.isEqual(current.body(), body))
				? new Prepared(keys, current.body(), current.etag()) : new Prepared(keys, body, etag(body));
		this.prepared = fresh;
		return fresh;
	}

	private static String etag(byte[] body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
			return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	private record Prepared(JWKSet keys, byte[] body, String etag) {
	}

}
