package io.turnstile.auth.client;

/** A client registration that breaks a rule; {@code field} names the input at fault. */
public class ClientRejected extends RuntimeException {

	private final String field;

	public ClientRejected(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
