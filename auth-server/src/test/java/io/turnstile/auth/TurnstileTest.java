package io.turnstile.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.turnstile.AuthServerApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one shared application context of the flow tests: the whole server on a random port over an
 * in-memory H2 database with the demo data. Every flow test uses exactly this, so the context cache
 * starts the server once per JVM; never add per-class properties or mock beans here. Stripe's API is the
 * one {@link StripeStandIn} of the JVM (started before the context, see {@code META-INF/spring.factories}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = AuthServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public @interface TurnstileTest {

	/** Demo person's password in the test profile. */
	String DEMO_PASSWORD = "demo-password-for-tests";

	/** demo-backend's secret in the test profile. */
	String BACKEND_SECRET = "backend-secret-for-tests";

	/** demo-admin's secret in the test profile. */
	String ADMIN_SECRET = "admin-secret-for-tests";

}
