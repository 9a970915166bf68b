package io.turnstile.auth.page;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The branding every page reads as {@code ${@branding…}}: the product name, the logo, and the colours of
 * {@code /css/brand.css} (the primary colour and a darker shade for hover), which override the defaults of
 * {@code turnstile.css} through CSS custom properties, so no page needs an inline style. Public because
 * templates call it through SpEL.
 */
@Component("branding")
public class Branding {

	private final BrandingProperties properties;

	private final String stylesheet;

	Branding(BrandingProperties properties) {
		Assert.notNull(properties, "properties cannot be null");
		this.properties = properties;
		this.stylesheet = String.format(Locale.ROOT,
				"/* Generated from turnstile.branding.* */%n:root {%n\t--accent: %s;%n\t--accent-hover: %s;%n}%n",
				properties.primaryColour(), Contrast.darken(properties.primaryColour(), 0.2));
	}

	public String productName() {
		return this.properties.productName();
	}

	public @Nullable String logoUrl() {
		return this.properties.logoUrl();
	}

	public String primaryColour() {
		return this.properties.primaryColour();
	}

	String stylesheet() {
		return this.stylesheet;
	}

}
