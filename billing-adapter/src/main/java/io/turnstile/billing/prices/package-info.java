/** Internal: the price-to-tier map (configured entries and operators' entries). */
@NullMarked
package io.turnstile.billing.prices;

import org.jspecify.annotations.NullMarked;
