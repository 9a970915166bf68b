/** The one Spring-facing public type of the entitlements module. */
@NullMarked
package io.turnstile.entitlements.config;

import org.jspecify.annotations.NullMarked;
