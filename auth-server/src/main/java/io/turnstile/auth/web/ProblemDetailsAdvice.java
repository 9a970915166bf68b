package io.turnstile.auth.web;

import io.turnstile.billing.BillingException;
import io.turnstile.billing.EventNotReplayable;
import io.turnstile.billing.PaymentProviderFailed;
import io.turnstile.billing.UnknownBillingEvent;
import io.turnstile.entitlements.EntitlementException;
import io.turnstile.entitlements.InvalidEntitlementRequest;
import io.turnstile.entitlements.StreamLimitReached;
import io.turnstile.entitlements.UnknownGrant;
import io.turnstile.entitlements.UnknownPayPerViewEvent;
import io.turnstile.entitlements.UnknownStreamLease;
import io.turnstile.entitlements.UnknownTier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps refusals of our JSON APIs ({@code @RestController}s) to RFC 9457 problem details with stable
 * types; never a stack trace, never a 500 for bad input.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ProblemDetailsAdvice.class);

	@ExceptionHandler(ApiException.class)
	ProblemDetail api(ApiException ex) {
		ProblemDetail problem = ex.problem().detail(ex.getMessage());
		ex.extensions().forEach(problem::setProperty);
		return problem;
	}

	@ExceptionHandler(EntitlementException.class)
	ProblemDetail entitlement(EntitlementException ex) {
		Problems type;
		if (ex instanceof UnknownTier) {
			type = Problems.UNKNOWN_TIER;
		}
		else if (ex instanceof UnknownPayPerViewEvent) {
			type = Problems.UNKNOWN_PPV_EVENT;
		}
		else if (ex instanceof UnknownGrant) {
			type = Problems.UNKNOWN_GRANT;
		}
		else if (ex instanceof UnknownStreamLease) {
			type = Problems.UNKNOWN_STREAM;
		}
		else if (ex instanceof StreamLimitReached limitReached) {
			// The streams API answers with the active streams itself; this is the fallback for other callers.
			ProblemDetail problem = Problems.STREAM_LIMIT_REACHED.detail(ex.getMessage());
			problem.setProperty("limit", limitReached.limit());
			return problem;
		}
		else if (ex instanceof InvalidEntitlementRequest) {
			type = Problems.INVALID_REQUEST;
		}
		else {
			type = Problems.INVALID_REQUEST;
		}
		return type.detail(ex.getMessage());
	}

	@ExceptionHandler(BillingException.class)
	ProblemDetail billing(BillingException ex) {
		if (ex instanceof PaymentProviderFailed) {
			logger.warn("Stripe call failed: " + ex.getMessage()
					+ ((ex.getCause() != null) ? " (" + ex.getCause().getClass().getSimpleName() + ")" : ""));
			return Problems.PAYMENT_PROVIDER_UNAVAILABLE.detail(ex.getMessage());
		}
		Problems type = (ex instanceof UnknownBillingEvent) ? Problems.UNKNOWN_BILLING_EVENT
				: (ex instanceof EventNotReplayable) ? Problems.EVENT_NOT_REPLAYABLE : Problems.INVALID_REQUEST;
		return type.detail(ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return Problems.MALFORMED_REQUEST.detail("Parameter '" + ex.getName() + "' has the wrong format");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail illegalArgument(IllegalArgumentException ex) {
		return Problems.INVALID_REQUEST.detail(ex.getMessage());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DatabaseUnavailable.causes(ex)) {
			logger.warn("The database is unavailable (" + DatabaseUnavailable.describe(ex) + "); answering 503");
			return ResponseEntity.status(Problems.SERVICE_UNAVAILABLE.status())
				.header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
				.body(Problems.SERVICE_UNAVAILABLE.detail(DatabaseUnavailable.DETAIL));
		}
		logger.error("Unexpected error in a JSON API", ex);
		return ResponseEntity.internalServerError()
			.body(Problems.SERVER_ERROR.detail("The request could not be completed; it was logged"));
	}

	/** Framework-raised problems (405, 415, …) get our stable types too. */
	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (body instanceof ProblemDetail problem && "about:blank".equals(String.valueOf(problem.getType()))) {
			Problems type = switch (status.value()) {
				case 404 -> Problems.NOT_FOUND;
				case 405 -> Problems.METHOD_NOT_ALLOWED;
				case 415 -> Problems.UNSUPPORTED_MEDIA_TYPE;
				case 400 -> Problems.MALFORMED_REQUEST;
				default -> null;
			};
			if (type != null) {
				ProblemDetail typed = type.detail((problem.getDetail() != null) ? problem.getDetail() : type.name());
				return super.handleExceptionInternal(ex, typed, headers, status, request);
			}
		}
		return super.handleExceptionInternal(ex, body, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(Problems.MALFORMED_REQUEST.detail("The request body is missing or is not valid JSON of the expected shape"));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String fields = String.join(", ",
				ex.getBindingResult().getFieldErrors().stream().map((error) -> error.getField()).distinct().toList());
		return ResponseEntity.badRequest().body(Problems.INVALID_REQUEST.detail("Invalid fields: " + fields));
	}

}
