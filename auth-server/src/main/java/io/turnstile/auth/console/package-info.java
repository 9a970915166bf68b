/**
 * The operator console ({@code GET /admin}, {@code /admin/console/**}): server-rendered pages for people
 * with role {@code ADMIN} over the same domain APIs as the JSON admin API. Every change an operator makes
 * carries their person id and a reason.
 */
@NullMarked
package io.turnstile.auth.console;

import org.jspecify.annotations.NullMarked;
