/**
 * Devices: the device authorization grant (RFC 8628) with its {@code /activate} page and polling rules,
 * the registry of every device holding a person's tokens, and signing devices out.
 */
@NullMarked
package io.turnstile.auth.device;

import org.jspecify.annotations.NullMarked;
