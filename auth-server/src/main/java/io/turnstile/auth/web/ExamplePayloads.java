package io.turnstile.auth.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Example JSON of an operation's request body and of its successful answer, for the API reference; the
 * schemas themselves are generated from the records.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ExamplePayloads {

	/** The request body, as JSON; empty when there is none. */
	String request() default "";

	/** The body of the successful (2xx) answer, as JSON; empty when there is none. */
	String response() default "";

}
