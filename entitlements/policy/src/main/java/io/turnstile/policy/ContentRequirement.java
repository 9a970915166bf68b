package io.turnstile.policy;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a title asks of a viewer: {@code ContentRequirement.of("film-42").requiringTier("standard")
 * .inQuality("uhd")}.
 *
 * @param contentId the title's id
 * @param requiredTier the lowest tier that may play it, or {@code null}
 * @param requiredFeature a feature the viewer's entitlements must include (e.g. {@code downloads}), or
 * {@code null}
 * @param payPerViewEventId the pay-per-view event whose pass is needed, or {@code null}
 * @param quality the requested (or best offered) quality, {@code sd}, {@code hd} or {@code uhd}, or
 * {@code null}
 */
public record ContentRequirement(String contentId, @Nullable String requiredTier, @Nullable String requiredFeature,
		@Nullable String payPerViewEventId, @Nullable String quality) {

	public ContentRequirement {
		Objects.requireNonNull(contentId, "contentId");
		if (contentId.isBlank()) {
			throw new IllegalArgumentException("content id must not be blank");
		}
		if (quality != null && Quality.fromCode(quality) == null) {
			throw new IllegalArgumentException("quality must be sd, hd or uhd, not " + quality);
		}
	}

	/**
	 * A title anyone with a valid token may play.
	 */
	public static ContentRequirement of(String contentId) {
		return new ContentRequirement(contentId, null, null, null, null);
	}

	public ContentRequirement requiringTier(String tierCode) {
		return new ContentRequirement(this.contentId, Objects.requireNonNull(tierCode, "tierCode"),
				this.requiredFeature, this.payPerViewEventId, this.quality);
	}

	public ContentRequirement requiringFeature(String feature) {
		return new ContentRequirement(this.contentId, this.requiredTier, Objects.requireNonNull(feature, "feature"),
				this.payPerViewEventId, this.quality);
	}

	public ContentRequirement payPerView(String eventId) {
		return new ContentRequirement(this.contentId, this.requiredTier, this.requiredFeature,
				Objects.requireNonNull(eventId, "eventId"), this.quality);
	}

	public ContentRequirement inQuality(String quality) {
		return new ContentRequirement(this.contentId, this.requiredTier, this.requiredFeature,
				this.payPerViewEventId, Objects.requireNonNull(quality, "quality"));
	}

}
