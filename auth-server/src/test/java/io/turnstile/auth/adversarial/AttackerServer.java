package io.turnstile.auth.adversarial;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;

/**
 * An attacker's web server publishing the attacker's key as a JWKS (and as anything else asked for), for
 * {@code jku} and {@code x5u} headers to point at; it counts the requests it gets, which must stay at zero.
 */
final class AttackerServer implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private AttackerServer(HttpServer server) {
		this.server = server;
	}

	static AttackerServer publishing(RSAKey attackerKey) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			AttackerServer attacker = new AttackerServer(server);
			byte[] jwks = new JWKSet(attackerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/", (exchange) -> {
				attacker.requests.incrementAndGet();
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			server.start();
			return attacker;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	int requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
