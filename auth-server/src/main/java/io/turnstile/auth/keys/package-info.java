@NullMarked
package io.turnstile.auth.keys;

import org.jspecify.annotations.NullMarked;
