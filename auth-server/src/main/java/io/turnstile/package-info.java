/**
 * The Turnstile application: wires every module.
 */
@NullMarked
package io.turnstile;

import org.jspecify.annotations.NullMarked;
