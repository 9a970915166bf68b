package io.turnstile.auth.account;

/**
 * A sign-up that cannot be accepted; {@code field} names the form field to show the message at.
 */
public class SignUpRejected extends RuntimeException {

	private final String field;

	public SignUpRejected(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
