package io.turnstile.auth.client;

/** No registered client has that client id. */
public class UnknownClient extends RuntimeException {

	public UnknownClient(String clientId) {
		super("No client '" + clientId + "'");
	}

}
