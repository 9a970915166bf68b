/** {@code /api/streams}: the viewer's concurrent-stream leases (start, heartbeat, stop, list, handoff). */
@NullMarked
package io.turnstile.auth.stream;

import org.jspecify.annotations.NullMarked;
