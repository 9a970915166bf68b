package io.turnstile.auth.token;

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * Refresh-token reuse detection (RFC 9700 §4.14.2): a refresh token that was already rotated away is
 * refused with {@code invalid_grant}, and every token of its family (its authorization: access, refresh
 * and id token) is revoked, so the legitimate holder and the thief alike must sign in again, and
 * {@link RefreshTokenReuseDetected} is published. Wraps the framework's refresh provider, which handles every
 * other refresh request.
 */
public final class RefreshTokenReuseDetectingAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(RefreshTokenReuseDetectingAuthenticationProvider.class);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	private final AuthenticationProvider delegate;

	private final JpaOAuth2AuthorizationService authorizations;

	private final TransactionOperations transactions;

	private ApplicationEventPublisher events = (event) -> {
	};

	public RefreshTokenReuseDetectingAuthenticationProvider(AuthenticationProvider delegate,
			JpaOAuth2AuthorizationService authorizations, TransactionOperations transactions) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.authorizations = authorizations;
		this.transactions = transactions;
	}

	/** Where {@link RefreshTokenReuseDetected} goes; nowhere by default. */
	public void setEventPublisher(ApplicationEventPublisher events) {
		Assert.notNull(events, "events cannot be null");
		this.events = events;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2RefreshTokenAuthenticationToken refresh = (OAuth2RefreshTokenAuthenticationToken) authentication;
		Optional<String> family = this.authorizations.findFamilyOfRotatedRefreshToken(refresh.getRefreshToken());
		if (family.isEmpty()) {
			return this.delegate.authenticate(authentication);
		}
		OAuth2Authorization revoked = this.transactions.execute((status) -> {
			OAuth2Authorization authorization = this.authorizations.findById(family.get());
			this.authorizations.revokeFamily(family.get());
			return authorization;
		});
		logger.warn("Refresh token reuse detected: revoked every token of authorization " + family.get());
		if (revoked != null) {
			this.events.publishEvent(
					new RefreshTokenReuseDetected(family.get(), clientId(refresh), revoked.getPrincipalName()));
		}
		throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
				"The refresh token was already used; every token of this sign-in is revoked", ERROR_URI));
	}

	private static String clientId(OAuth2RefreshTokenAuthenticationToken refresh) {
		return (refresh.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) ? client.getRegisteredClient().getClientId() : refresh.getName();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
