package io.turnstile.auth.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewGrant;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.Assert;

/**
 * Puts what a person paid for into their tokens (PRODUCT.md, Tokens): access tokens get the
 * {@code ent} claim ({@code tier}, {@code features}, {@code streams}, the {@code ppv} passes whose window
 * overlaps the token's lifetime, {@code ver}) and {@code did}, the device (refresh-token family) the
 * token was issued to; id tokens get {@code tier} when the {@code entitlements} scope was granted.
 * Tokens of a client acting for itself carry neither.
 */
public final class EntitlementClaimsTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String ENTITLEMENTS_SCOPE = "entitlements";

	private final Entitlements entitlements;

	public EntitlementClaimsTokenCustomizer(Entitlements entitlements) {
		Assert.notNull(entitlements, "entitlements cannot be null");
		this.entitlements = entitlements;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		Authentication principal = context.getPrincipal();
		if (principal == null || principal instanceof OAuth2ClientAuthenticationToken
				|| !AccountId.isValid(principal.getName())) {
			return;
		}
		AccountId person = new AccountId(principal.getName());
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			EntitlementSnapshot snapshot = this.entitlements.current(person);
			Instant[] lifetime = new Instant[2];
			context.getClaims().claims((claims) -> {
				lifetime[0] = (Instant) claims.get(JwtClaimNames.IAT);
				lifetime[1] = (Instant) claims.get(JwtClaimNames.EXP);
			});
			context.getClaims().claim("ent", ent(snapshot, lifetime[0], lifetime[1]));
			if (context.getAuthorization() != null) {
				context.getClaims().claim("did", context.getAuthorization().getId());
			}
		}
		else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
				&& context.getAuthorizedScopes().contains(ENTITLEMENTS_SCOPE)) {
			context.getClaims().claim("tier", this.entitlements.current(person).tier().code());
		}
	}

	static Map<String, Object> ent(EntitlementSnapshot snapshot, Instant issuedAt, Instant expiresAt) {
		Map<String, Object> ent = new LinkedHashMap<>();
		ent.put("tier", snapshot.tier().code());
		ent.put("features", new ArrayList<>(snapshot.tier().features().stream().sorted().toList()));
		ent.put("streams", snapshot.tier().streams());
		List<Object> passes = new ArrayList<>();
		for (PayPerViewGrant grant : snapshot.payPerView()) {
			if (grant.overlaps(issuedAt, expiresAt)) {
				Map<String, Object> pass = new LinkedHashMap<>();
				pass.put("id", grant.eventId());
				pass.put("nbf", grant.notBefore().getEpochSecond());
				pass.put("exp", grant.expiresAt().getEpochSecond());
				passes.add(pass);
			}
		}
		ent.put("ppv", passes);
		ent.put("ver", snapshot.ver());
		return ent;
	}

}
