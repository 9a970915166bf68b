package io.turnstile.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database of its own on the PostgreSQL server of {@link PostgresAvailable}: created empty, dropped (with
 * whatever connections remain) on {@link #close()}. Also plays the faults of a real deployment: dropping
 * every connection of the database, refusing new ones for a while.
 */
public final class PostgresTestDatabase implements AutoCloseable {

	private final Server server;

	private final String name;

	private PostgresTestDatabase(Server server, String name) {
		this.server = server;
		this.name = name;
	}

	/** Creates a fresh, empty database on the configured server. */
	public static PostgresTestDatabase create() {
		Server server = Server.configured();
		String name = "turnstile_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		server.execute("create database " + name);
		return new PostgresTestDatabase(server, name);
	}

	public String name() {
		return this.name;
	}

	/** The JDBC URL of this database. */
	public String url() {
		return this.server.urlOf(this.name);
	}

	public String user() {
		return this.server.user();
	}

	public String password() {
		return this.server.password();
	}

	/** A connection-per-call view of this database for the test's own reads. */
	public JdbcTemplate jdbc() {
		DataSource dataSource = new DriverManagerDataSource(url(), user(), password());
		return new JdbcTemplate(dataSource);
	}

	/** Ends every session connected to this database (the nodes' pooled connections), as a failover would. */
	public int terminateConnections() {
		return this.server.count("select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '"
				+ this.name + "' and pid <> pg_backend_pid()");
	}

	/** Refuses new connections to this database (or accepts them again), as while it is away. */
	public void acceptConnections(boolean accept) {
		this.server.execute("alter database " + this.name + " with allow_connections " + accept);
	}

	@Override
	public void close() {
		this.server.execute("drop database if exists " + this.name + " with (force)");
	}

	static String setting(String name, String fallback) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			value = System.getProperty(name);
		}
		return (value == null || value.isBlank()) ? fallback : value;
	}

	/** The server of {@code TURNSTILE_PG_URL}, reached through the database that URL names. */
	record Server(String url, String user, String password) {

		static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

		static Server configured() {
			return new Server(setting("TURNSTILE_PG_URL", DEFAULT_URL), setting("TURNSTILE_PG_USER", "root"),
					setting("TURNSTILE_PG_PASSWORD", ""));
		}

		String describe() {
			return this.url + " (user " + this.user + ")";
		}

		Connection connect() throws SQLException {
			Properties properties = new Properties();
			properties.setProperty("user", this.user);
			properties.setProperty("password", this.password);
			properties.setProperty("connectTimeout", "5");
			properties.setProperty("loginTimeout", "5");
			return DriverManager.getConnection(this.url, properties);
		}

		/** This URL with another database name (host, port and parameters kept). */
		String urlOf(String database) {
			String prefix = "jdbc:postgresql://";
			if (!this.url.startsWith(prefix)) {
				throw new IllegalStateException("TURNSTILE_PG_URL must start with " + prefix + ": " + this.url);
			}
			int slash = this.url.indexOf('/', prefix.length());
			int query = this.url.indexOf('?', prefix.length());
			String authority = this.url.substring(0, (slash >= 0) ? slash : (query >= 0) ? query : this.url.length());
			String parameters = (query >= 0) ? this.url.substring(query) : "";
			return authority + "/" + database + parameters;
		}

		void execute(String sql) {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not run '" + sql + "' on " + describe(), ex);
			}
		}

		int count(String sql) {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				var result = statement.executeQuery(sql);
				result.next();
				return result.getInt(1);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not run '" + sql + "' on " + describe(), ex);
			}
		}

	}

}
