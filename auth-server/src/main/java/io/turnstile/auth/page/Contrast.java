package io.turnstile.auth.page;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * WCAG 2 colour arithmetic on {@code #rrggbb} colours: relative luminance, contrast ratio, darkening.
 */
final class Contrast {

	private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");

	/** WCAG AA for normal text. */
	static final double TEXT = 4.5;

	/** WCAG AA for user-interface components such as focus indicators. */
	static final double NON_TEXT = 3.0;

	private Contrast() {
	}

	static boolean isHex(String colour) {
		return HEX.matcher(colour).matches();
	}

	/** The contrast ratio of two colours, from 1 (none) to 21 (black on white). */
	static double ratio(String first, String second) {
		double a = luminance(first);
		double b = luminance(second);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}

	/** Relative luminance (WCAG 2.x). */
	static double luminance(String colour) {
		int[] rgb = rgb(colour);
		return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
	}

	/** The colour with each channel scaled by {@code 1 - amount} (0 keeps it, 1 makes it black). */
	static String darken(String colour, double amount) {
		int[] rgb = rgb(colour);
		StringBuilder darker = new StringBuilder("#");
		for (int channel : rgb) {
			darker.append(String.format(Locale.ROOT, "%02x", (int) Math.round(channel * (1 - amount))));
		}
		return darker.toString();
	}

	private static double linear(int channel) {
		double value = channel / 255.0;
		return (value <= 0.04045) ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
	}

	private static int[] rgb(String colour) {
		if (!isHex(colour)) {
			throw new IllegalArgumentException("A colour is #rrggbb, not '" + colour + "'");
		}
		return new int[] { Integer.parseInt(colour.substring(1, 3), 16), Integer.parseInt(colour.substring(3, 5), 16),
				Integer.parseInt(colour.substring(5, 7), 16) };
	}

}
