package io.turnstile.policy;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where and when a title is to be played: {@code Context.at(clock.instant()).onDevice("tv-1")}.
 *
 * @param deviceId the device that is to play, or {@code null} when the caller does not know it
 * @param now the time of the decision
 * @param dpopProof the caller's DPoP proof, or {@code null} (not checked yet)
 * @param freshness revocations and versions known beyond the token, {@link Freshness#none()} by default
 */
public record Context(@Nullable String deviceId, Instant now, @Nullable DpopProof dpopProof, Freshness freshness) {

	public Context {
		Objects.requireNonNull(now, "now");
		Objects.requireNonNull(freshness, "freshness");
	}

	/**
	 * A context at this instant, on no particular device.
	 */
	public static Context at(Instant now) {
		return new Context(null, now, null, Freshness.none());
	}

	public Context onDevice(String deviceId) {
		return new Context(Objects.requireNonNull(deviceId, "deviceId"), this.now, this.dpopProof, this.freshness);
	}

	public Context withDpopProof(DpopProof dpopProof) {
		return new Context(this.deviceId, this.now, Objects.requireNonNull(dpopProof, "dpopProof"), this.freshness);
	}

	public Context withFreshness(Freshness freshness) {
		return new Context(this.deviceId, this.now, this.dpopProof, freshness);
	}

	/**
	 * A DPoP proof (RFC 9449) presented with the token, and the method and URI of the content request it
	 * was made for. A placeholder: not checked yet.
	 */
	public record DpopProof(String proof, String htm, String htu) {

		public DpopProof {
			Objects.requireNonNull(proof, "proof");
			Objects.requireNonNull(htm, "htm");
			Objects.requireNonNull(htu, "htu");
		}

	}

}
