package io.turnstile.auth.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the authorization server ({@code turnstile.*}).
 *
 * @param issuer the issuer URL; when unset, {@code http://127.0.0.1:<server.port>}
 * @param audience the resource audience of access tokens; when unset, {@code <issuer>/content}
 * @param accessTokenTtl access token lifetime
 * @param refreshTokenTtl refresh token lifetime (idle: every rotation starts it again)
 * @param idTokenTtl id token lifetime
 * @param authorizationCodeTtl authorization code lifetime
 * @param keys signing-key settings
 * @param login brute-force protection of the sign-in form
 * @param dpop DPoP settings
 */
@ConfigurationProperties("turnstile")
public record AuthProperties(@Nullable String issuer, @Nullable String audience,
		@DefaultValue("5m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("30m") Duration idTokenTtl, @DefaultValue("2m") Duration authorizationCodeTtl,
		@DefaultValue Keys keys, @DefaultValue Login login, @DefaultValue Dpop dpop) {

	/**
	 * @param nonceRequired whether DPoP proofs at the token endpoint must carry a server-issued nonce
	 */
	public record Dpop(@DefaultValue("true") boolean nonceRequired) {
	}

	/**
	 * @param rotationPeriod how long a key signs before a new one takes over
	 * @param checkInterval how often rotation and clean-up run
	 * @param encryptionKey base64 of a 256-bit AES key that encrypts private keys at rest (from the
	 * environment: {@code TURNSTILE_KEY_ENCRYPTION_KEY}); unset stores them unencrypted
	 * @param reloadInterval how long a node serves the keys it read before reading them again (it reads them
	 * at once when a token names a key it lacks)
	 */
	public record Keys(@DefaultValue("30d") Duration rotationPeriod, @DefaultValue("10m") Duration checkInterval,
			@Nullable String encryptionKey, @DefaultValue("30s") Duration reloadInterval) {
	}

	/**
	 * @param accountThreshold failed attempts on one account before delays start
	 * @param ipThreshold failed attempts from one address before delays start
	 * @param baseDelay the first delay; each further failure doubles it
	 * @param maxDelay the longest delay, so nobody can lock a person out for long
	 * @param window failures older than this are forgotten
	 */
	public record Login(@DefaultValue("5") int accountThreshold, @DefaultValue("50") int ipThreshold,
			@DefaultValue("2s") Duration baseDelay, @DefaultValue("5m") Duration maxDelay,
			@DefaultValue("15m") Duration window) {
	}

}
