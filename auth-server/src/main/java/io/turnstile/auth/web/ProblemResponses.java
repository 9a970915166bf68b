package io.turnstile.auth.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems (RFC 9457) an operation of our JSON APIs may answer with, besides those every operation of
 * its kind has (401 and 403 behind the bearer filter, 400 {@code malformed-request} and 415 with a body,
 * 500). The API reference ({@code /v3/api-docs}) lists each with an example.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemResponses {

	Problems[] value();

}
