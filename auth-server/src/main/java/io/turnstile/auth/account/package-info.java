@NullMarked
package io.turnstile.auth.account;

import org.jspecify.annotations.NullMarked;
