@NullMarked
package io.turnstile.auth.config;

import org.jspecify.annotations.NullMarked;
