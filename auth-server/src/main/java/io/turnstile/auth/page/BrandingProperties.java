package io.turnstile.auth.page;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pages look ({@code turnstile.branding.*}). Checked at start-up: a primary colour that white text
 * cannot be read on (contrast below 4.5:1) is refused rather than shipped.
 *
 * @param productName the name on every page and in every title
 * @param primaryColour {@code #rrggbb} of buttons, links and the name; white text on it and it on white
 * must reach 4.5:1
 * @param logoUrl an image shown before the name: a path on this server ({@code /img/logo.svg}) or an
 * {@code https} URL (its origin is added to the pages' {@code img-src}); unset shows the name alone
 */
@ConfigurationProperties("turnstile.branding")
public record BrandingProperties(@DefaultValue("Turnstile") String productName,
		@DefaultValue("#1f4fd1") String primaryColour, @Nullable String logoUrl) {

	public BrandingProperties {
		if (productName.isBlank() || productName.length() > 60) {
			throw new IllegalArgumentException("turnstile.branding.product-name must be 1-60 characters");
		}
		if (!Contrast.isHex(primaryColour)) {
			throw new IllegalArgumentException(
					"turnstile.branding.primary-colour must be #rrggbb, not '" + primaryColour + "'");
		}
		primaryColour = primaryColour.toLowerCase(Locale.ROOT);
		double ratio = Contrast.ratio(primaryColour, "#ffffff");
		if (ratio < Contrast.TEXT) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"turnstile.branding.primary-colour %s has a contrast of %.2f:1 with white; pages need at least 4.5:1 (choose a darker colour)",
					primaryColour, ratio));
		}
		if (logoUrl != null && logoUrl.isBlank()) {
			logoUrl = null;
		}
		if (logoUrl != null && !isPath(logoUrl) && !isHttps(logoUrl)) {
			throw new IllegalArgumentException(
					"turnstile.branding.logo-url must be a path on this server (/img/logo.svg) or an https URL");
		}
	}

	/** The origin pages must allow images from for the logo, or {@code null} when it is served here. */
	public @Nullable String logoOrigin() {
		if (this.logoUrl == null || isPath(this.logoUrl)) {
			return null;
		}
		URI uri = URI.create(this.logoUrl);
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	private static boolean isPath(String url) {
		return url.startsWith("/") && !url.startsWith("//") && !url.contains("\\");
	}

	private static boolean isHttps(String url) {
		try {
			URI uri = URI.create(url);
			return "https".equals(uri.getScheme()) && uri.getRawAuthority() != null && uri.getRawUserInfo() == null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
