package io.turnstile.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

/**
 * A JWKS endpoint on 127.0.0.1 (JDK {@link HttpServer}, port chosen by the system) that counts requests
 * and can rotate its keys or fail.
 */
final class TestJwksServer implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private volatile String body = new JWKSet().toString();

	private volatile int status = 200;

	private TestJwksServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/oauth2/jwks", (exchange) -> {
			this.requests.incrementAndGet();
			byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(this.status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		this.server.start();
	}

	/**
	 * Serves the public parts of these keys.
	 */
	static TestJwksServer serving(JWK... keys) {
		return new TestJwksServer().publish(keys);
	}

	TestJwksServer publish(JWK... keys) {
		this.body = new JWKSet(List.of(keys)).toPublicJWKSet().toString();
		this.status = 200;
		return this;
	}

	TestJwksServer failWith(int status) {
		this.status = status;
		this.body = "{\"error\":\"down\"}";
		return this;
	}

	URI jwksUri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/jwks");
	}

	int requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
