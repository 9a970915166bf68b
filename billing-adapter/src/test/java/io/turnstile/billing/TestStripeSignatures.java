package io.turnstile.billing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook body the way Stripe does: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>}, where the
 * hex is HMAC-SHA256 keyed with the endpoint secret (UTF-8) over {@code t + "." + body}. Written from the
 * documented scheme, not with the SDK, so the tests check the SDK's verification against it.
 */
public final class TestStripeSignatures {

	/** The test profile's current webhook secret. */
	public static final String SECRET = "whsec_test_current_secret_for_tests";

	/** The test profile's previous webhook secret, still accepted while rotating. */
	public static final String PREVIOUS_SECRET = "whsec_test_previous_secret_for_tests";

	private TestStripeSignatures() {
	}

	public static String header(String body) {
		return header(body, SECRET, Instant.now().getEpochSecond());
	}

	public static String header(String body, String secret, long timestamp) {
		return "t=" + timestamp + ",v1=" + v1(body, secret, timestamp);
	}

	public static String v1(String body, String secret, long timestamp) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
