/**
 * What every page shares: branding (product name, primary colour, logo) and the error pages' words.
 */
@NullMarked
package io.turnstile.auth.page;

import org.jspecify.annotations.NullMarked;
