package io.turnstile.policy;

import java.util.List;

/**
 * A pay-per-view title needs a pass for its event whose window is open now: the window opens at
 * {@code nbf} (inclusive) and closes at {@code exp} (exclusive).
 */
final class PayPerViewPolicy implements AccessPolicy {

	@Override
	public Decision decide(EntitlementClaims claims, ContentRequirement content, Context context) {
		String eventId = content.payPerViewEventId();
		if (eventId == null) {
			return Decision.permit();
		}
		long now = context.now().getEpochSecond();
		List<PayPerViewPass> passes = claims.payPerView();
		Reason reason = Reason.PPV_NOT_PURCHASED;
		for (int i = 0; i < passes.size(); i++) {
			PayPerViewPass pass = passes.get(i);
			if (!pass.id().equals(eventId)) {
				continue;
			}
			if (pass.isOpenAt(now)) {
				return Decision.permit();
			}
			if (now < pass.notBefore()) {
				reason = Reason.PPV_WINDOW_NOT_OPEN;
			}
			else if (reason == Reason.PPV_NOT_PURCHASED) {
				reason = Reason.PPV_WINDOW_CLOSED;
			}
		}
		return Decision.deny(reason);
	}

}
