@NullMarked
package io.turnstile.auth.token;

import org.jspecify.annotations.NullMarked;
