package io.turnstile.auth.device;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** A readable device name from the app and its user agent, when the app gave none. */
final class DeviceNames {

	private DeviceNames() {
	}

	static String describe(String clientOrApp, @Nullable String userAgent) {
		String platform = platform(userAgent);
		return (platform != null) ? clientOrApp + " on " + platform : clientOrApp;
	}

	static @Nullable String platform(@Nullable String userAgent) {
		if (userAgent == null) {
			return null;
		}
		String agent = userAgent.toLowerCase(Locale.ROOT);
		if (agent.contains("smart-tv") || agent.contains("smarttv") || agent.contains("tizen") || agent.contains("webos")
				|| agent.contains("appletv") || agent.contains("aft")) {
			return "TV";
		}
		if (agent.contains("iphone")) {
			return "iPhone";
		}
		if (agent.contains("ipad")) {
			return "iPad";
		}
		if (agent.contains("android")) {
			return "Android";
		}
		if (agent.contains("windows")) {
			return "Windows";
		}
		if (agent.contains("mac os")) {
			return "Mac";
		}
		if (agent.contains("linux")) {
			return "Linux";
		}
		return null;
	}

}
