package io.turnstile.auth.account;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Entitlements;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.stereotype.Component;

/**
 * The {@code /userinfo} response: {@code sub} always, {@code email} and {@code email_verified} with the
 * {@code email} scope, {@code name} with {@code profile}, {@code tier} with {@code entitlements}; read from
 * the person and their entitlements, not from the id token.
 */
@Component
public class PersonUserInfoMapper implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	private final People people;

	private final Entitlements entitlements;

	PersonUserInfoMapper(People people, Entitlements entitlements) {
		this.people = people;
		this.entitlements = entitlements;
	}

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		String subject = context.getAuthorization().getPrincipalName();
		Set<String> scopes = context.getAccessToken().getScopes();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(StandardClaimNames.SUB, subject);
		this.people.findById(subject).ifPresent((person) -> {
			if (scopes.contains(OidcScopes.EMAIL)) {
				claims.put(StandardClaimNames.EMAIL, person.email());
				claims.put(StandardClaimNames.EMAIL_VERIFIED, false);
			}
			if (scopes.contains(OidcScopes.PROFILE) && person.displayName() != null) {
				claims.put(StandardClaimNames.NAME, person.displayName());
			}
			if (scopes.contains("entitlements")) {
				claims.put("tier", this.entitlements.current(new AccountId(person.id())).tier().code());
			}
		});
		return new OidcUserInfo(claims);
	}

}
