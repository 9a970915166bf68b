package io.turnstile.entitlements;

/**
 * Published after a person's entitlements changed (in the same transaction's commit).
 *
 * @param userId whose
 * @param ver their version after the change
 * @param action what changed ({@code comp-tier}, {@code end-comp}, {@code grant-ppv}, {@code revoke-ppv},
 * {@code subscription}, {@code purchase-ppv}, {@code suspend-ppv}, {@code restore-ppv})
 * @param rightsReduced whether the change can take a right away (content services must hear of it at once)
 */
public record EntitlementsChanged(AccountId userId, long ver, String action, boolean rightsReduced) {
}
