package io.turnstile.auth.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ContrastTests {

	private static final Pattern VARIABLE = Pattern.compile("--([a-z-]+):\\s*(#[0-9a-fA-F]{6});");

	@Test
	void blackOnWhiteIsTwentyOneToOne() {
		assertThat(Contrast.ratio("#000000", "#ffffff")).isCloseTo(21.0, within(0.001));
		assertThat(Contrast.ratio("#777777", "#ffffff")).isCloseTo(4.48, within(0.01));
	}

	/** Every colour pair the stylesheet puts together meets WCAG AA (4.5:1 for text, 3:1 for the focus ring). */
	@Test
	void everyColourPairOfTheStylesheetMeetsWcagAa() throws IOException {
		Map<String, String> colours = variables();
		List<List<String>> text = List.of(List.of("text", "surface"), List.of("text", "background"),
				List.of("muted", "surface"), List.of("muted", "background"), List.of("accent", "surface"),
				List.of("accent", "background"), List.of("accent-hover", "surface"), List.of("error", "error-background"),
				List.of("notice", "notice-background"), List.of("warning", "warning-background"));
		for (List<String> pair : text) {
			assertThat(Contrast.ratio(colours.get(pair.get(0)), colours.get(pair.get(1)))).as(pair.toString())
				.isGreaterThanOrEqualTo(Contrast.TEXT);
		}
		assertThat(Contrast.ratio("#ffffff", colours.get("accent"))).as("white on accent")
			.isGreaterThanOrEqualTo(Contrast.TEXT);
		assertThat(Contrast.ratio("#ffffff", colours.get("accent-hover"))).as("white on accent-hover")
			.isGreaterThanOrEqualTo(Contrast.TEXT);
		assertThat(Contrast.ratio(colours.get("focus"), colours.get("surface"))).as("focus ring")
			.isGreaterThanOrEqualTo(Contrast.NON_TEXT);
		assertThat(Contrast.ratio(colours.get("focus"), colours.get("background"))).as("focus ring")
			.isGreaterThanOrEqualTo(Contrast.NON_TEXT);
	}

	private static Map<String, String> variables() throws IOException {
		String css = new ClassPathResource("static/css/turnstile.css").getContentAsString(StandardCharsets.UTF_8);
		Map<String, String> colours = new HashMap<>();
		Matcher matcher = VARIABLE.matcher(css);
		while (matcher.find()) {
			colours.put(matcher.group(1), matcher.group(2));
		}
		assertThat(colours).containsKeys("text", "muted", "background", "surface", "accent", "focus");
		return colours;
	}

}
