package io.turnstile.entitlements;

import java.util.List;

/** A start refused because the person already holds as many leases as their tier allows. */
public class StreamLimitReached extends EntitlementException {

	private final int limit;

	private final List<StreamLease> activeStreams;

	public StreamLimitReached(int limit, List<StreamLease> activeStreams) {
		super("This plan allows " + limit + ((limit == 1) ? " stream" : " concurrent streams")
				+ "; stop one or hand it off to start another");
		this.limit = limit;
		this.activeStreams = List.copyOf(activeStreams);
	}

	/** The tier's concurrent-stream limit. */
	public int limit() {
		return this.limit;
	}

	/** The person's unexpired leases, oldest first. */
	public List<StreamLease> activeStreams() {
		return this.activeStreams;
	}

}
