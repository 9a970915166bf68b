/** Request-rate limits on the endpoints an attacker or a runaway client would hammer. */
@NullMarked
package io.turnstile.auth.ratelimit;

import org.jspecify.annotations.NullMarked;
