package io.turnstile.auth.web;

import java.util.Map;

/**
 * A refusal of one of our JSON APIs, answered as the given problem with a specific detail.
 */
public class ApiException extends RuntimeException {

	private final Problems problem;

	private final Map<String, Object> extensions;

	public ApiException(Problems problem, String detail) {
		this(problem, detail, Map.of());
	}

	public ApiException(Problems problem, String detail, Map<String, Object> extensions) {
		super(detail);
		this.problem = problem;
		this.extensions = Map.copyOf(extensions);
	}

	public Problems problem() {
		return this.problem;
	}

	public Map<String, Object> extensions() {
		return this.extensions;
	}

}
