@NullMarked
package io.turnstile.auth.client;

import org.jspecify.annotations.NullMarked;
