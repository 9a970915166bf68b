/** The change feed over HTTP: content services follow it to stop honouring rights within seconds. */
@NullMarked
package io.turnstile.auth.feed;

import org.jspecify.annotations.NullMarked;
