@NullMarked
package io.turnstile.auth.web;

import org.jspecify.annotations.NullMarked;
