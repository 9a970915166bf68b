package io.turnstile.auth.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem types of our JSON APIs (RFC 9457); each has a stable {@code type} URI and fixed title.
 * docs/api.md lists them.
 */
public enum Problems {

	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request"),
	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required"),
	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed"),
	UNKNOWN_PERSON(HttpStatus.NOT_FOUND, "unknown-person", "Unknown person"),
	UNKNOWN_TIER(HttpStatus.BAD_REQUEST, "unknown-tier", "Unknown tier"),
	UNKNOWN_PPV_EVENT(HttpStatus.NOT_FOUND, "unknown-ppv-event", "Unknown pay-per-view event"),
	UNKNOWN_GRANT(HttpStatus.NOT_FOUND, "unknown-grant", "Unknown grant"),
	UNKNOWN_DEVICE(HttpStatus.NOT_FOUND, "unknown-device", "Unknown device"),
	FEED_CURSOR_EXPIRED(HttpStatus.GONE, "feed-cursor-expired", "Feed cursor expired"),
	STREAM_LIMIT_REACHED(HttpStatus.CONFLICT, "stream-limit-reached", "Stream limit reached"),
	UNKNOWN_STREAM(HttpStatus.NOT_FOUND, "unknown-stream", "Unknown stream"),
	DEVICE_MISMATCH(HttpStatus.FORBIDDEN, "device-mismatch", "Device mismatch"),
	UNKNOWN_BILLING_EVENT(HttpStatus.NOT_FOUND, "unknown-billing-event", "Unknown Stripe event"),
	EVENT_NOT_REPLAYABLE(HttpStatus.CONFLICT, "event-not-replayable", "Event cannot be replayed"),
	UNKNOWN_PRICE(HttpStatus.NOT_FOUND, "unknown-price", "Unknown price entry"),
	UNKNOWN_CLIENT(HttpStatus.NOT_FOUND, "unknown-client", "Unknown client"),
	CLIENT_REJECTED(HttpStatus.BAD_REQUEST, "client-rejected", "Client registration rejected"),
	PERSON_REQUIRED(HttpStatus.FORBIDDEN, "person-required", "A person's token is required"),
	PAYMENT_PROVIDER_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "payment-provider-unavailable",
			"The payment provider is unavailable"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large"),
	SERVER_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "server-error", "Something went wrong on our side"),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Temporarily unavailable");

	private final HttpStatus status;

	private final URI type;

	private final String title;

	Problems(HttpStatus status, String slug, String title) {
		this.status = status;
		this.type = URI.create("/problems/" + slug);
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The stable {@code type} URI, {@code /problems/<slug>}. */
	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public ProblemDetail detail(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(this.type);
		problem.setTitle(this.title);
		return problem;
	}

}
