package io.turnstile.policy;

import org.jspecify.annotations.Nullable;

/**
 * The playback qualities, in order {@code sd < hd < uhd}. Each is also a feature of the same name.
 */
enum Quality {

	SD("sd"), HD("hd"), UHD("uhd");

	private static final Quality[] ALL = values();

	private final String code;

	private final int bit;

	Quality(String code) {
		this.code = code;
		this.bit = 1 << ordinal();
	}

	String code() {
		return this.code;
	}

	int bit() {
		return this.bit;
	}

	/**
	 * The quality with this code, or {@code null} when it names none.
	 */
	static @Nullable Quality fromCode(String code) {
		switch (code) {
			case "sd":
				return SD;
			case "hd":
				return HD;
			case "uhd":
				return UHD;
			default:
				return null;
		}
	}

	/**
	 * The qualities among these features, as a bit mask of {@link #bit()}s.
	 */
	static int maskOf(Iterable<String> features) {
		int mask = 0;
		for (String feature : features) {
			Quality quality = fromCode(feature);
			if (quality != null) {
				mask |= quality.bit;
			}
		}
		return mask;
	}

	/**
	 * The best quality in the mask that is lower than this one, or {@code null} when there is none.
	 */
	@Nullable Quality bestBelow(int mask) {
		for (int i = ordinal() - 1; i >= 0; i--) {
			if ((mask & ALL[i].bit) != 0) {
				return ALL[i];
			}
		}
		return null;
	}

}
