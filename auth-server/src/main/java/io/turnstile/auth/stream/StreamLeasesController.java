package io.turnstile.auth.stream;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.StreamLease;
import io.turnstile.entitlements.StreamLeases;
import io.turnstile.entitlements.StreamLimitReached;
import io.turnstile.entitlements.UnknownStreamLease;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/streams} with the viewer's access token: start a lease ({@code deviceId} must be the
 * token's {@code did}; {@code handoffFrom} moves one of the person's leases to this device), heartbeat,
 * stop, and list the person's active leases. Over the tier's limit: {@code 409 stream-limit-reached} with
 * {@code limit} and {@code activeStreams}.
 */
@RestController
@Tag(name = "Streams", description = "Concurrent-stream leases, with the viewer's token")
@RequestMapping("/api/streams")
class StreamLeasesController {

	private final StreamLeases streamLeases;

	StreamLeasesController(StreamLeases streamLeases) {
		this.streamLeases = streamLeases;
	}

	@PostMapping

	@Operation(summary = "Start a stream (take a lease)", description = "'deviceId' must be the token's 'did'. 'handoffFrom' (a lease id of the same person) moves that stream to this device in one step, even at the limit. Over the tier's limit: 409 with 'limit' and 'activeStreams'. Heartbeat within the lease's lifetime or it expires.")
	@ProblemResponses({ Problems.DEVICE_MISMATCH, Problems.STREAM_LIMIT_REACHED, Problems.UNKNOWN_STREAM, Problems.INVALID_REQUEST })
	@ExamplePayloads(request = """
			{"contentId": "film-the-long-night", "deviceId": "d-7a1c"}""", response = """
			{"leaseId": "3f2b8c1e-5d6a-4f7e-9a0b-1c2d3e4f5a6b", "contentId": "film-the-long-night", "deviceId": "d-7a1c", "startedAt": 1798000000, "expiresAt": 1798000060}""")	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<LeaseJson> start(@AuthenticationPrincipal Jwt token, @RequestBody StartRequest request) {
		AccountId viewer = viewer(token);
		if (request.contentId() == null || request.deviceId() == null) {
			throw new ApiException(Problems.MALFORMED_REQUEST, "'contentId' and 'deviceId' are required");
		}
		String did = token.getClaimAsString("did");
		if (did == null || !did.equals(request.deviceId())) {
			throw new ApiException(Problems.DEVICE_MISMATCH,
					"'deviceId' must be the device the access token was issued to (its 'did')");
		}
		UUID handoffFrom = (request.handoffFrom() != null) ? leaseId(request.handoffFrom()) : null;
		StreamLease lease = this.streamLeases.start(viewer, request.contentId(), request.deviceId(), handoffFrom);
		return ResponseEntity.created(URI.create("/api/streams/" + lease.leaseId())).body(LeaseJson.of(lease));
	}

	@PutMapping("/{leaseId}")
	@Operation(summary = "Heartbeat: extend a lease", description = "Extends the lease to now plus its lifetime.")
	@ProblemResponses(Problems.UNKNOWN_STREAM)
	@ExamplePayloads(response = """
			{"leaseId": "3f2b8c1e-5d6a-4f7e-9a0b-1c2d3e4f5a6b", "contentId": "film-the-long-night", "deviceId": "d-7a1c", "startedAt": 1798000000, "expiresAt": 1798000060}""")
	LeaseJson heartbeat(@AuthenticationPrincipal Jwt token, @PathVariable String leaseId) {
		return LeaseJson.of(this.streamLeases.heartbeat(viewer(token), leaseId(leaseId)));
	}

	@DeleteMapping("/{leaseId}")
	@Operation(summary = "Stop a stream", description = "Ends the lease; 204.")
	@ProblemResponses(Problems.UNKNOWN_STREAM)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	ResponseEntity<Void> stop(@AuthenticationPrincipal Jwt token, @PathVariable String leaseId) {
		this.streamLeases.stop(viewer(token), leaseId(leaseId));
		return ResponseEntity.noContent().build();
	}

	@GetMapping

	@Operation(summary = "The person's active streams", description = "Unexpired leases, oldest first.")
	@ExamplePayloads(response = """
			[{"leaseId": "3f2b8c1e-5d6a-4f7e-9a0b-1c2d3e4f5a6b", "contentId": "film-the-long-night", "deviceId": "d-7a1c", "startedAt": 1798000000, "expiresAt": 1798000060}]""")	List<LeaseJson> active(@AuthenticationPrincipal Jwt token) {
		return this.streamLeases.active(viewer(token)).stream().map(LeaseJson::of).toList();
	}

	/** The 409 lists the active streams in the same shape as every other answer of this API. */
	@ExceptionHandler(StreamLimitReached.class)
	ProblemDetail limitReached(StreamLimitReached ex) {
		ProblemDetail problem = Problems.STREAM_LIMIT_REACHED.detail(ex.getMessage());
		problem.setProperty("limit", ex.limit());
		problem.setProperty("activeStreams", ex.activeStreams().stream().map(LeaseJson::of).toList());
		return problem;
	}

	/** The person a viewer's token speaks for; tokens of a client acting for itself carry no {@code ent}. */
	private static AccountId viewer(Jwt token) {
		String subject = token.getSubject();
		if (token.getClaim("ent") == null || subject == null || !AccountId.isValid(subject)) {
			throw new ApiException(Problems.FORBIDDEN, "Stream leases need a viewer's access token");
		}
		return new AccountId(subject);
	}

	/** A lease id from a path or body; one that is not even a UUID names no lease. */
	private static UUID leaseId(String value) {
		try {
			if (value.length() == 36) {
				return UUID.fromString(value);
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through
		}
		throw new UnknownStreamLease("No active stream with that id");
	}

	@Schema(name = "StreamStartRequest")
	record StartRequest(@Nullable String contentId, @Nullable String deviceId, @Nullable String handoffFrom) {
	}

	@Schema(name = "StreamLease")
	record LeaseJson(String leaseId, String contentId, String deviceId, long startedAt, long expiresAt) {

		static LeaseJson of(StreamLease lease) {
			return new LeaseJson(lease.leaseId().toString(), lease.contentId(), lease.deviceId(),
					lease.startedAt().getEpochSecond(), lease.expiresAt().getEpochSecond());
		}

	}

}
