package io.turnstile.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only when the PostgreSQL server named by {@code TURNSTILE_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code TURNSTILE_PG_USER} or {@code root}, password
 * {@code TURNSTILE_PG_PASSWORD} or none) answers; otherwise the class is skipped with the reason, or fails
 * with it when {@code TURNSTILE_REQUIRE_POSTGRES=true} (as in CI). The class works in a database of its own:
 * {@link PostgresTestDatabase#create()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresAvailableCondition.class)
public @interface PostgresAvailable {

}
