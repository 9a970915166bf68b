package io.turnstile.policy;

/**
 * A DPoP-bound token ({@code cnf.jkt}) counts only with a valid proof of its key in the {@link Context}:
 * a copied token without the device's key is {@code TOKEN_NOT_BOUND_TO_CALLER}. Bearer tokens pass.
 */
final class ProofOfPossessionPolicy implements AccessPolicy {

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		return DPoPProofs.proves(claims, context.dpopProof(), context.now()) ? Decision.permit()
				: Decision.deny(Reason.TOKEN_NOT_BOUND_TO_CALLER);
	}

}
