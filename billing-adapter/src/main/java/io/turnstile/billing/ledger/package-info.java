/** Internal: the append-only finance ledger on JPA. */
@NullMarked
package io.turnstile.billing.ledger;

import org.jspecify.annotations.NullMarked;
