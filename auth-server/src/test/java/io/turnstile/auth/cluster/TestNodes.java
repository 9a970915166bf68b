package io.turnstile.auth.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import io.turnstile.AuthServerApplication;
import io.turnstile.auth.ApiTestClient;
import io.turnstile.auth.OAuthTestClient;
import io.turnstile.auth.PostgresTestDatabase;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Turnstile nodes in this JVM, each a whole application on a port of its own, both on one PostgreSQL
 * database and both with the same issuer ({@code http://127.0.0.1:<port of A>}, as a load balancer's URL
 * would be); tests talk to each node by its own port. Test profile otherwise (demo data, Stripe stand-in).
 */
final class TestNodes implements AutoCloseable {

	private final Node a;

	private final Node b;

	private TestNodes(Node a, Node b) {
		this.a = a;
		this.b = b;
	}

	/** Starts node A, then node B, on {@code database}; {@code extraArguments} go to both. */
	static TestNodes start(PostgresTestDatabase database, String... extraArguments) {
		int portA = freePort();
		int portB = freePort();
		String issuer = "http://127.0.0.1:" + portA;
		Node a = Node.start("A", portA, issuer, database, extraArguments);
		try {
			return new TestNodes(a, Node.start("B", portB, issuer, database, extraArguments));
		}
		catch (RuntimeException ex) {
			a.close();
			throw ex;
		}
	}

	Node a() {
		return this.a;
	}

	Node b() {
		return this.b;
	}

	@Override
	public void close() {
		this.b.close();
		this.a.close();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One node: its application context, port, and clients that talk to it. */
	static final class Node implements AutoCloseable {

		private final String name;

		private final int port;

		private final String issuer;

		private @Nullable ConfigurableApplicationContext context;

		private Node(String name, int port, String issuer, ConfigurableApplicationContext context) {
			this.name = name;
			this.port = port;
			this.issuer = issuer;
			this.context = context;
		}

		static Node start(String name, int port, String issuer, PostgresTestDatabase database,
				String... extraArguments) {
			List<String> arguments = new ArrayList<>(List.of("--server.port=" + port, "--turnstile.issuer=" + issuer,
					"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password(),
					"--spring.datasource.hikari.maximum-pool-size=8",
					"--spring.datasource.hikari.pool-name=node-" + name, "--spring.jmx.enabled=false",
					"--turnstile.keys.reload-interval=2s"));
			arguments.addAll(List.of(extraArguments));
			ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class)
				.profiles("test")
				.run(arguments.toArray(String[]::new));
			return new Node(name, port, issuer, context);
		}

		String name() {
			return this.name;
		}

		int port() {
			return this.port;
		}

		String base() {
			return "http://127.0.0.1:" + this.port;
		}

		/** The issuer every node signs with (node A's URL). */
		String issuer() {
			return this.issuer;
		}

		/** Protocol requests to this node. */
		OAuthTestClient oauth() {
			return new OAuthTestClient(base());
		}

		/** JSON API requests to this node. */
		ApiTestClient api() {
			return new ApiTestClient(oauth());
		}

		<T> T bean(Class<T> type) {
			if (this.context == null) {
				throw new IllegalStateException("Node " + this.name + " is stopped");
			}
			return this.context.getBean(type);
		}

		boolean running() {
			return this.context != null;
		}

		/** Stops the node (its web server, its pool: every connection it held closes). */
		@Override
		public void close() {
			if (this.context != null) {
				this.context.close();
				this.context = null;
			}
		}

	}

}
