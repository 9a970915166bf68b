package io.turnstile.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asks every rule and reports every reason any of them denies for, each once, in {@link Reason} order.
 * When all permit, the permit carries their obligations. The hot path allocates nothing unless it denies
 * for more than one reason.
 */
final class StandardAccessPolicy implements AccessPolicy {

	private static final Reason[] REASONS = Reason.values();

	private final AccessPolicy[] rules;

	StandardAccessPolicy(TierCatalog catalog) {
		this.rules = new AccessPolicy[] { new TierPolicy(catalog), new FeaturePolicy(), new QualityPolicy(),
				new PayPerViewPolicy(), new DevicePolicy(), new FreshnessPolicy(), new ProofOfPossessionPolicy() };
	}

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		Objects.requireNonNull(claims, "claims");
		Objects.requireNonNull(content, "content");
		Objects.requireNonNull(context, "context");
		int denied = 0;
		Decision.Permit permit = Decision.permit();
		for (AccessPolicy rule : this.rules) {
			Decision decision = rule.decide(claims, content, context);
			if (decision instanceof Decision.Deny deny) {
				List<Reason> reasons = deny.reasons();
				for (int i = 0; i < reasons.size(); i++) {
					denied |= 1 << reasons.get(i).ordinal();
				}
			}
			else if (denied == 0) {
				permit = withObligations(permit, (Decision.Permit) decision);
			}
		}
		return (denied != 0) ? deny(denied) : permit;
	}

	private static Decision.Permit withObligations(Decision.Permit permit, Decision.Permit more) {
		if (more.obligations().isEmpty()) {
			return permit;
		}
		if (permit.obligations().isEmpty()) {
			return more;
		}
		Map<String, String> merged = new HashMap<>(permit.obligations());
		merged.putAll(more.obligations());
		return new Decision.Permit(merged);
	}

	private static Decision.Deny deny(int denied) {
		if (Integer.bitCount(denied) == 1) {
			return Decision.deny(REASONS[Integer.numberOfTrailingZeros(denied)]);
		}
		Reason[] reasons = new Reason[Integer.bitCount(denied)];
		int n = 0;
		for (Reason reason : REASONS) {
			if ((denied & (1 << reason.ordinal())) != 0) {
				reasons[n++] = reason;
			}
		}
		return new Decision.Deny(List.of(reasons));
	}

}
