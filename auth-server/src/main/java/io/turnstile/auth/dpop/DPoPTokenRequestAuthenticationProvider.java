package io.turnstile.auth.dpop;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * What the framework's token endpoint leaves out of DPoP (RFC 9449), around each grant's provider:
 * <ul>
 * <li>server-issued nonces: a proof without a valid {@code nonce} is answered {@code use_dpop_nonce} (the
 * error handler adds the {@code DPoP-Nonce} header), when nonces are required;</li>
 * <li>one use per proof across every node ({@code jti} kept in the database);</li>
 * <li>clients registered to require DPoP get no token without a proof;</li>
 * <li>a public client's refresh token bound to a DPoP key is refused without a proof, so a stolen refresh
 * token cannot be downgraded to bearer (the framework checks the key only when a proof is sent).</li>
 * </ul>
 */
public final class DPoPTokenRequestAuthenticationProvider implements AuthenticationProvider {

	/** Client setting: {@code true} to refuse token requests without a DPoP proof. */
	public static final String REQUIRE_DPOP = "settings.client.turnstile.require-dpop";

	public static final String USE_DPOP_NONCE = "use_dpop_nonce";

	private final AuthenticationProvider delegate;

	private final DPoPProofJtis jtis;

	private final DPoPNonces nonces;

	private final boolean nonceRequired;

	private final OAuth2AuthorizationService authorizations;

	public DPoPTokenRequestAuthenticationProvider(AuthenticationProvider delegate, DPoPProofJtis jtis,
			DPoPNonces nonces, boolean nonceRequired, OAuth2AuthorizationService authorizations) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(jtis, "jtis cannot be null");
		Assert.notNull(nonces, "nonces cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.delegate = delegate;
		this.jtis = jtis;
		this.nonces = nonces;
		this.nonceRequired = nonceRequired;
		this.authorizations = authorizations;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2AuthorizationGrantAuthenticationToken grant = (OAuth2AuthorizationGrantAuthenticationToken) authentication;
		Map<String, Object> parameters = grant.getAdditionalParameters();
		Object proof = parameters.get("dpop_proof");
		RegisteredClient client = (grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken principal)
				? principal.getRegisteredClient() : null;
		if (!(proof instanceof String value) || value.isEmpty()) {
			if (client != null && Boolean.TRUE.equals(client.getClientSettings().getSetting(REQUIRE_DPOP))) {
				throw invalidProof("This client must send a DPoP proof");
			}
			if (grant instanceof OAuth2RefreshTokenAuthenticationToken refresh && isBoundPublicRefresh(refresh, client)) {
				throw invalidProof("This refresh token is bound to a DPoP key: send a proof made with it");
			}
			return this.delegate.authenticate(authentication);
		}
		JWTClaimsSet claims;
		try {
			claims = SignedJWT.parse(value).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw invalidProof("The DPoP proof is not a signed JWT");
		}
		if (this.nonceRequired && !this.nonces.isValid(stringClaim(claims, "nonce"))) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(USE_DPOP_NONCE, "Send the DPoP-Nonce this response carries in the proof", null));
		}
		String jti = claims.getJWTID();
		if (jti == null || jti.isEmpty() || jti.length() > 200) {
			throw invalidProof("The DPoP proof has no usable jti");
		}
		if (!this.jtis.firstUse(jti)) {
			throw invalidProof("This DPoP proof was already used");
		}
		return this.delegate.authenticate(authentication);
	}

	private boolean isBoundPublicRefresh(OAuth2RefreshTokenAuthenticationToken refresh,
			@Nullable RegisteredClient client) {
		if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
			return false;
		}
		OAuth2Authorization authorization = this.authorizations.findByToken(refresh.getRefreshToken(),
				OAuth2TokenType.REFRESH_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (authorization != null)
				? authorization.getAccessToken() : null;
		return accessToken != null && accessToken.getClaims() != null && accessToken.getClaims().get("cnf") != null;
	}

	private static @Nullable String stringClaim(JWTClaimsSet claims, String name) {
		Object value = claims.getClaim(name);
		return (value instanceof String string) ? string : null;
	}

	private static OAuth2AuthenticationException invalidProof(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, description,
				"https://datatracker.ietf.org/doc/html/rfc9449#section-5"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
