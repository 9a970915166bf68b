package io.turnstile.auth.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;

/**
 * The response headers Spring Security's {@code headers()} writes by default, frames denied: what the
 * protocol and API chains send, for the paths that answer ahead of them.
 */
public final class SecurityHeaders {

	private static final List<HeaderWriter> WRITERS = List.of(new XContentTypeOptionsHeaderWriter(),
			new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
			new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY));

	private SecurityHeaders() {
	}

	public static void write(HttpServletRequest request, HttpServletResponse response) {
		for (HeaderWriter writer : WRITERS) {
			writer.writeHeaders(request, response);
		}
	}

}
