@NullMarked
package io.turnstile.auth.demo;

import org.jspecify.annotations.NullMarked;
