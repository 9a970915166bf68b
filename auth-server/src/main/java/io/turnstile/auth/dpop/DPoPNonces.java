package io.turnstile.auth.dpop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Server-issued DPoP nonces (RFC 9449 §8): {@code <window>.<HMAC>} over five-minute windows, accepted in
 * the current and the previous window, so a proof cannot be made in advance. Stateless apart from the
 * HMAC key, which is created once in the database and shared by every node.
 */
@Component
public class DPoPNonces {

	static final long WINDOW_SECONDS = 300;

	private final JdbcTemplate jdbc;

	private final Clock clock = Clock.systemUTC();

	private volatile byte @Nullable [] key;

	DPoPNonces(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A nonce valid now and for the next window. */
	public String current() {
		return nonce(this.clock.instant().getEpochSecond() / WINDOW_SECONDS);
	}

	/** Whether a proof's nonce was issued by a node of this server in the current or previous window. */
	public boolean isValid(@Nullable String nonce) {
		if (nonce == null || nonce.length() > 100) {
			return false;
		}
		long window = this.clock.instant().getEpochSecond() / WINDOW_SECONDS;
		byte[] given = nonce.getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(given, nonce(window).getBytes(StandardCharsets.US_ASCII))
				|| MessageDigest.isEqual(given, nonce(window - 1).getBytes(StandardCharsets.US_ASCII));
	}

	private String nonce(long window) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key(), "HmacSHA256"));
			byte[] tag = mac.doFinal(ByteBuffer.allocate(8).putLong(window).array());
			Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
			return base64.encodeToString(ByteBuffer.allocate(8).putLong(window).array()) + "."
					+ base64.encodeToString(tag);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
		}
	}

	private byte[] key() {
		byte[] known = this.key;
		if (known != null) {
			return known;
		}
		byte[] fresh = new byte[32];
		new SecureRandom().nextBytes(fresh);
		this.jdbc.update(
				"insert into server_secret (name, secret, created_at) values ('dpop-nonce', ?, current_timestamp) on conflict do nothing",
				Base64.getEncoder().encodeToString(fresh));
		String stored = this.jdbc.queryForObject("select secret from server_secret where name = 'dpop-nonce'",
				String.class);
		byte[] shared = Base64.getDecoder().decode(stored);
		this.key = shared;
		return shared;
	}

}
