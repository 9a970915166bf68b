/** Internal: the reconciliation report finance runs. */
@NullMarked
package io.turnstile.billing.reconcile;

import org.jspecify.annotations.NullMarked;
