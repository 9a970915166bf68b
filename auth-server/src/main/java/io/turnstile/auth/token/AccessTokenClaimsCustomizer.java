package io.turnstile.auth.token;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.Assert;

/**
 * Shapes access tokens as RFC 9068 JWTs: header {@code typ: at+jwt}; {@code aud} is the resource
 * audience (never just the client id); {@code client_id}; {@code scope} as a space-delimited string.
 * {@code sub} is the principal name, which for a person is their id (never the e-mail), and for
 * client_credentials the client id. A token issued with a DPoP proof is bound to its key ({@code cnf.jkt}).
 */
public final class AccessTokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String AT_JWT = "at+jwt";

	private final Supplier<String> audience;

	public AccessTokenClaimsCustomizer(Supplier<String> audience) {
		Assert.notNull(audience, "audience cannot be null");
		this.audience = audience;
	}

	/**
	 * The SHA-256 thumbprint of a verified DPoP proof's key (RFC 9449 §6.1): binds the access token to it
	 * (the framework does this only with its own token generator).
	 */
	private static String thumbprint(Jwt proof) {
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) proof.getHeaders().get("jwk");
			return JWK.parse(jwk).computeThumbprint().toString();
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, "jwk header is missing or invalid", null));
		}
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getJwsHeader().type(AT_JWT);
		context.getClaims().audience(new ArrayList<>(List.of(this.audience.get())));
		context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
		Jwt proof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
		if (proof != null) {
			context.getClaims().claim("cnf", new HashMap<>(Map.of("jkt", thumbprint(proof))));
		}
		context.getClaims().claims((claims) -> {
			if (claims.get(OAuth2ParameterNames.SCOPE) instanceof Collection<?> scopes) {
				claims.put(OAuth2ParameterNames.SCOPE,
						String.join(" ", scopes.stream().map(String::valueOf).sorted().toList()));
			}
		});
	}

}
