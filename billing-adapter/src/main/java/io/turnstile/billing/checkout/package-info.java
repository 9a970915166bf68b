/** Internal: Stripe customers of our people, and the Checkout Sessions we start for them. */
@NullMarked
package io.turnstile.billing.checkout;

import org.jspecify.annotations.NullMarked;
