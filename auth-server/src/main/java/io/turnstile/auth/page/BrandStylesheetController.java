package io.turnstile.auth.page;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /css/brand.css}: the configured colours as CSS custom properties, loaded after
 * {@code turnstile.css} by every page (the pages' CSP allows stylesheets from this server only).
 */
@Controller
class BrandStylesheetController {

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private final Branding branding;

	BrandStylesheetController(Branding branding) {
		this.branding = branding;
	}

	@GetMapping("/css/brand.css")
	ResponseEntity<String> stylesheet() {
		return ResponseEntity.ok()
			.contentType(CSS)
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.body(this.branding.stylesheet());
	}

}
