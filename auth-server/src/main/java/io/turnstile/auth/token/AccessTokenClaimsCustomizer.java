package io.turnstile.auth.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.Assert;

/**
 * Shapes access tokens as RFC 9068 JWTs: header {@code typ: at+jwt}; {@code aud} is the resource
 * audience (never just the client id); {@code client_id}; {@code scope} as a space-delimited string.
 * {@code sub} is the principal name, which for a person is their id (never the e-mail), and for
 * client_credentials the client id.
 */
public final class AccessTokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String AT_JWT = "at+jwt";

	private final Supplier<String> audience;

	public AccessTokenClaimsCustomizer(Supplier<String> audience) {
		Assert.notNull(audience, "audience cannot be null");
		this.audience = audience;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getJwsHeader().type(AT_JWT);
		context.getClaims().audience(new ArrayList<>(List.of(this.audience.get())));
		context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
		context.getClaims().claims((claims) -> {
			if (claims.get(OAuth2ParameterNames.SCOPE) instanceof Collection<?> scopes) {
				claims.put(OAuth2ParameterNames.SCOPE,
						String.join(" ", scopes.stream().map(String::valueOf).sorted().toList()));
			}
		});
	}

}
