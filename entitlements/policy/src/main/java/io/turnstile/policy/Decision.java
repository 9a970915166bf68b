package io.turnstile.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of an {@link AccessPolicy}: a denial is a value, not an exception.
 */
public sealed interface Decision permits Decision.Permit, Decision.Deny {

	/**
	 * Obligation key: the highest quality the caller may serve ({@code sd}, {@code hd} or {@code uhd}).
	 */
	String MAX_QUALITY = "max_quality";

	/**
	 * The shared permit without obligations.
	 */
	static Permit permit() {
		return Permit.UNCONDITIONAL;
	}

	/**
	 * A denial for one reason (a shared instance).
	 */
	static Deny deny(Reason reason) {
		return Deny.of(reason);
	}

	/**
	 * Whether this decision lets the caller play the title.
	 */
	boolean permitted();

	/**
	 * Play, honouring every obligation (for example {@code max_quality=hd}).
	 */
	record Permit(Map<String, String> obligations) implements Decision {

		static final Permit UNCONDITIONAL = new Permit(Map.of());

		public Permit {
			obligations = Map.copyOf(obligations);
		}

		@Override
		public boolean permitted() {
			return true;
		}

	}

	/**
	 * Do not play, for every reason that applies (never empty; the standard policy lists each reason once,
	 * in {@link Reason} order).
	 */
	record Deny(List<Reason> reasons) implements Decision {

		private static final Deny[] SINGLE = single();

		public Deny {
			reasons = List.copyOf(reasons);
			if (reasons.isEmpty()) {
				throw new IllegalArgumentException("a denial needs at least one reason");
			}
		}

		static Deny of(Reason reason) {
			return SINGLE[Objects.requireNonNull(reason, "reason").ordinal()];
		}

		/**
		 * Whether this denial lists the given reason.
		 */
		public boolean hasReason(Reason reason) {
			return this.reasons.contains(reason);
		}

		@Override
		public boolean permitted() {
			return false;
		}

		private static Deny[] single() {
			Reason[] all = Reason.values();
			Deny[] denials = new Deny[all.length];
			for (int i = 0; i < all.length; i++) {
				denials[i] = new Deny(List.of(all[i]));
			}
			return denials;
		}

	}

}
