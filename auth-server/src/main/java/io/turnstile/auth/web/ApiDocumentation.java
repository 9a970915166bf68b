package io.turnstile.auth.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * The API reference, generated from the code by springdoc-openapi: OpenAPI 3.1 at {@code /v3/api-docs},
 * Swagger UI at {@code /swagger-ui.html}. Added here: who may call what (the scopes of the JSON API chain),
 * every problem type (RFC 9457) with an example, each operation's problems ({@link ProblemResponses} plus
 * those every operation of its kind has), and the Stripe webhook's contract.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String PROBLEM_JSON = "application/problem+json";

	static final String WEBHOOK = "/billing/stripe/webhook";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An example {@code detail} and what the problem means, for every problem type. */
	static final Map<Problems, ProblemExample> EXAMPLES = examples();

	@Bean
	OpenAPI turnstileOpenApi() {
		Components components = new Components()
			.addSecuritySchemes("oauth2", new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
				.description("Access tokens from this server's token endpoint (RFC 9068 JWTs). Service scopes come "
						+ "with client credentials; a person's token from an app they signed in to.")
				.flows(new OAuthFlows()
					.clientCredentials(new OAuthFlow().tokenUrl("/oauth2/token")
						.scopes(new Scopes().addString("admin", "The operator API (/admin/**)")
							.addString("entitlements.read", "People's entitlements and the change feed")
							.addString("finance.read", "The ledger and the reconciliation report")))
					.authorizationCode(new OAuthFlow().authorizationUrl("/oauth2/authorize")
						.tokenUrl("/oauth2/token")
						.scopes(new Scopes().addString("openid", "Sign the person in")
							.addString("profile", "Their name")
							.addString("email", "Their e-mail address")
							.addString("offline_access", "Refresh tokens")
							.addString("entitlements", "Their plan and passes in the token")))))
			.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("JWT")
				.description("An access token pasted as is ('Authorization: Bearer …'); DPoP-bound tokens go as "
						+ "'Authorization: DPoP …' with a DPoP proof header"))
			.addSchemas("Problem", problemSchema());
		EXAMPLES.forEach((problem, example) -> components.addExamples(exampleName(problem),
				new Example().summary(problem.title() + " (" + problem.status().value() + ")")
					.description(example.meaning())
					.value(body(problem, example))));
		return new OpenAPI().info(new Info().title("Turnstile API")
			.version("1")
			.description(description())
			.license(new License().name("Apache-2.0").identifier("Apache-2.0"))).components(components);
	}

	/** Each operation's declared problems, and those of a request body. */
	@Bean
	OperationCustomizer declaredProblems() {
		return (operation, handler) -> {
			if (!handler.getBeanType().getPackageName().startsWith("io.turnstile.auth")) {
				return operation;
			}
			Set<Problems> problems = new LinkedHashSet<>();
			ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
			if (declared != null) {
				problems.addAll(Arrays.asList(declared.value()));
			}
			if (hasBody(handler)) {
				problems.add(Problems.MALFORMED_REQUEST);
				problems.add(Problems.UNSUPPORTED_MEDIA_TYPE);
			}
			addProblems(operation, problems);
			ExamplePayloads examples = handler.getMethodAnnotation(ExamplePayloads.class);
			if (examples != null) {
				addExamples(operation, examples);
			}
			return operation;
		};
	}

	private static void addExamples(Operation operation, ExamplePayloads examples) {
		if (!examples.request().isEmpty() && operation.getRequestBody() != null
				&& operation.getRequestBody().getContent() != null) {
			Object request = JSON.readValue(examples.request(), Object.class);
			operation.getRequestBody().getContent().values().forEach((mediaType) -> mediaType.setExample(request));
		}
		if (!examples.response().isEmpty() && operation.getResponses() != null) {
			Object response = JSON.readValue(examples.response(), Object.class);
			operation.getResponses()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith("2") && entry.getValue().getContent() != null)
				.findFirst()
				.ifPresent((entry) -> entry.getValue().getContent().forEach((type, mediaType) -> {
					if (type.contains("json") || type.equals("*/*")) {
						mediaType.setExample(response);
					}
				}));
		}
	}

	/** Who may call each operation, the problems every operation of its kind has, and the webhook. */
	@Bean
	OpenApiCustomizer securityAndCommonProblems() {
		return (openApi) -> {
			if (openApi.getPaths() == null) {
				return;
			}
			if (openApi.getPaths().containsKey(WEBHOOK)) {
				openApi.addTagsItem(new io.swagger.v3.oas.models.tags.Tag().name("Stripe webhook")
					.description("Stripe's events, signed (stripe-contract.md)"));
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				if (WEBHOOK.equals(path)) {
					StripeWebhookDocumentation.describe(operation);
					return;
				}
				Access access = Access.of(method.name(), path);
				operation.setSecurity(access.requirements());
				if (access.description() != null) {
					String description = (operation.getDescription() != null) ? operation.getDescription() + "\n\n"
							: "";
					operation.setDescription(description + access.description());
				}
				List<Problems> common = new ArrayList<>();
				if (access != Access.PUBLIC) {
					common.add(Problems.UNAUTHORIZED);
					common.add(Problems.FORBIDDEN);
				}
				common.add(Problems.SERVER_ERROR);
				addProblems(operation, common);
				sortResponses(operation);
			}));
		};
	}

	static void addProblems(Operation operation, Iterable<Problems> problems) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		for (Problems problem : problems) {
			String code = Integer.toString(problem.status().value());
			ApiResponse response = responses.get(code);
			if (response == null) {
				response = new ApiResponse().description(problem.title());
				responses.addApiResponse(code, response);
			}
			else if (response.getDescription() != null && !response.getDescription().contains(problem.title())) {
				response.setDescription(response.getDescription() + "; " + problem.title());
			}
			Content content = (response.getContent() != null) ? response.getContent() : new Content();
			MediaType mediaType = content.get(PROBLEM_JSON);
			if (mediaType == null) {
				mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
				content.addMediaType(PROBLEM_JSON, mediaType);
			}
			// Spring's own guess (a ProblemDetail under */*) is replaced by ours.
			content.remove("*/*");
			mediaType.addExamples(slug(problem), new Example().$ref("#/components/examples/" + exampleName(problem)));
			response.setContent(content);
		}
		operation.setResponses(responses);
	}

	private static void sortResponses(Operation operation) {
		ApiResponses sorted = new ApiResponses();
		new TreeMap<>(operation.getResponses()).forEach(sorted::addApiResponse);
		operation.setResponses(sorted);
	}

	private static boolean hasBody(HandlerMethod handler) {
		for (MethodParameter parameter : handler.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(RequestBody.class)) {
				return true;
			}
		}
		return false;
	}

	static String slug(Problems problem) {
		String type = problem.type().toString();
		return type.substring(type.lastIndexOf('/') + 1);
	}

	private static String exampleName(Problems problem) {
		return "problem-" + slug(problem);
	}

	private static Map<String, Object> body(Problems problem, ProblemExample example) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.type().toString());
		body.put("title", problem.title());
		body.put("status", problem.status().value());
		body.put("detail", example.detail());
		body.put("instance", example.instance());
		body.putAll(example.extensions());
		return body;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Schema problem = typed("object").description("RFC 9457 problem details: 'type' is stable (branch on it), "
				+ "'title' fixed per type, 'detail' specific to this occurrence; some types add members (camelCase)");
		problem.addProperty("type", typed("string").format("uri-reference")
			.description("The problem type, /problems/<slug>")
			.example("/problems/unknown-person"));
		problem.addProperty("title", typed("string").description("Fixed per type").example("Unknown person"));
		problem.addProperty("status", typed("integer").format("int32").example(404));
		problem.addProperty("detail", typed("string").example("No person with id 'u-1042'"));
		problem.addProperty("instance", typed("string").format("uri-reference").example("/api/users/u-1042/entitlements"));
		problem.setRequired(List.of("type", "title", "status"));
		problem.setAdditionalProperties(Boolean.TRUE);
		return problem;
	}

	@SuppressWarnings("rawtypes")
	static Schema typed(String type) {
		Schema<Object> schema = new Schema<>();
		schema.setType(type);
		schema.setTypes(Set.of(type));
		return schema;
	}

	private static String description() {
		StringBuilder problems = new StringBuilder();
		EXAMPLES.forEach((problem, example) -> problems.append("| `")
			.append(problem.type())
			.append("` | ")
			.append(problem.status().value())
			.append(" | ")
			.append(example.meaning())
			.append(" |\n"));
		return """
				The JSON APIs of Turnstile: `/api/**` for apps and content services, `/admin/**` for operator \
				tooling (scope `admin`), and the Stripe webhook. The OAuth 2.0 / OpenID Connect endpoints are \
				standard and described by `/.well-known/openid-configuration`.

				**Authentication.** `Authorization: Bearer <access token>` from `/oauth2/token` (or `DPoP <token>` \
				with a proof for DPoP-bound tokens). Service scopes (`admin`, `entitlements.read`, \
				`finance.read`) come with the client-credentials grant; endpoints under `/api/me`, `/api/streams` \
				and `/api/billing` take a person's token. `GET /api/tiers` and `POST /api/decisions` need none.

				**Times** are epoch seconds. **Ids** of people are opaque strings of 1-64 `[A-Za-z0-9._:-]`.

				**Errors** are RFC 9457 problem details (`application/problem+json`); branch on `type`:

				| type | status | meaning |
				|---|---|---|
				""" + problems;
	}

	private static Map<Problems, ProblemExample> examples() {
		Map<Problems, ProblemExample> examples = new EnumMap<>(Problems.class);
		examples.put(Problems.MALFORMED_REQUEST, new ProblemExample(
				"The request body is missing or is not valid JSON of the expected shape", "/admin/users/u-1042/grants",
				"The body is missing or not JSON of the expected shape, or a parameter has the wrong format"));
		examples.put(Problems.INVALID_REQUEST, new ProblemExample("A 'reason' is required", "/admin/users/u-1042/grants",
				"Well-formed, but breaks a rule (a missing reason, a window that ends before it starts)"));
		examples.put(Problems.UNAUTHORIZED, new ProblemExample("A valid bearer access token is required",
				"/api/me/devices", "No valid access token (missing, expired, revoked, or not for this audience)"));
		examples.put(Problems.FORBIDDEN, new ProblemExample("The access token lacks the scope this endpoint requires",
				"/admin/clients", "The token lacks the scope, or is not a person's token where one is needed"));
		examples.put(Problems.UNKNOWN_PERSON, new ProblemExample("No person with id 'u-1042'",
				"/api/users/u-1042/entitlements", "No person has that id"));
		examples.put(Problems.UNKNOWN_TIER, new ProblemExample("No tier 'platinum' in the catalog",
				"/admin/users/u-1042/grants", "A tier the catalog does not have"));
		examples.put(Problems.UNKNOWN_PPV_EVENT, new ProblemExample("No pay-per-view event 'fight-night-2027-01'",
				"/admin/ppv-events/fight-night-2027-01", "No such pay-per-view event"));
		examples.put(Problems.UNKNOWN_GRANT, new ProblemExample("No grant 'ppv-77'",
				"/admin/users/u-1042/grants/ppv-77", "The person has no such grant"));
		examples.put(Problems.UNKNOWN_DEVICE, new ProblemExample("You have no signed-in device with this id",
				"/api/me/devices/5b0e", "The person has no such signed-in device"));
		examples.put(Problems.SERVICE_UNAVAILABLE, new ProblemExample("The database cannot be reached; retry shortly",
				"/api/users/u-1042/entitlements", "The database cannot be reached for a moment (Retry-After says when to retry)"));
		examples.put(Problems.PAYLOAD_TOO_LARGE, new ProblemExample("The request body is larger than 64 KiB",
				"/admin/users/u-1042/grants", "A request body over 64 KiB"));
		examples.put(Problems.FEED_CURSOR_EXPIRED, new ProblemExample(
				"The feed no longer holds the changes after this cursor; treat every token issued before now as stale and start again without a cursor",
				"/api/entitlements/changes", "The change feed no longer holds the changes after this cursor"));
		Map<String, Object> lease = new LinkedHashMap<>();
		lease.put("leaseId", "3f2b8c1e-5d6a-4f7e-9a0b-1c2d3e4f5a6b");
		lease.put("contentId", "film-the-long-night");
		lease.put("deviceId", "d-7a1c");
		lease.put("startedAt", 1798000000);
		lease.put("expiresAt", 1798000060);
		examples.put(Problems.STREAM_LIMIT_REACHED, new ProblemExample("The plan allows 1 stream at once",
				"/api/streams",
				"The person holds as many stream leases as their tier allows; 'limit' and 'activeStreams' say which",
				Map.of("limit", 1, "activeStreams", List.of(lease))));
		examples.put(Problems.UNKNOWN_STREAM, new ProblemExample("No active stream with that id",
				"/api/streams/3f2b8c1e-5d6a-4f7e-9a0b-1c2d3e4f5a6b", "Not an unexpired stream lease of this person"));
		examples.put(Problems.DEVICE_MISMATCH, new ProblemExample(
				"'deviceId' must be the device the access token was issued to (its 'did')", "/api/streams",
				"A stream's deviceId is not the token's did"));
		examples.put(Problems.UNKNOWN_BILLING_EVENT, new ProblemExample("No Stripe event 'evt_1Q' was received",
				"/admin/billing/parked/evt_1Q/replay", "No Stripe event with that id was received"));
		examples.put(Problems.EVENT_NOT_REPLAYABLE, new ProblemExample(
				"Event 'evt_1Q' is applied; only parked and failed events can be replayed",
				"/admin/billing/parked/evt_1Q/replay", "The event is neither parked nor failed"));
		examples.put(Problems.UNKNOWN_PRICE, new ProblemExample("Operators have no entry for this price",
				"/admin/prices/price_1Q", "Operators have no entry for that price"));
		examples.put(Problems.UNKNOWN_CLIENT, new ProblemExample("No client 'partner-backend'",
				"/admin/clients/partner-backend/secret", "No registered client has that client id"));
		examples.put(Problems.CLIENT_REJECTED, new ProblemExample(
				"An authorization-code client needs at least one redirect URI", "/admin/clients",
				"A client registration breaks a rule; 'field' names the input at fault",
				Map.of("field", "redirectUris")));
		examples.put(Problems.PERSON_REQUIRED, new ProblemExample(
				"Checkout is for a signed-in person: use a person's access token, not a client's",
				"/api/billing/checkout", "A client's token where a person's is needed"));
		examples.put(Problems.PAYMENT_PROVIDER_UNAVAILABLE, new ProblemExample("Stripe did not answer",
				"/api/billing/checkout", "Stripe is unreachable, failing, or not configured"));
		examples.put(Problems.NOT_FOUND, new ProblemExample("No endpoint GET /api/nothing-here", "/api/nothing-here",
				"No such endpoint"));
		examples.put(Problems.METHOD_NOT_ALLOWED, new ProblemExample("Method 'PATCH' is not supported.",
				"/api/tiers", "The endpoint does not take this method"));
		examples.put(Problems.UNSUPPORTED_MEDIA_TYPE, new ProblemExample(
				"Content-Type 'text/plain' is not supported.", "/api/decisions", "The body is not application/json"));
		examples.put(Problems.SERVER_ERROR, new ProblemExample("The request could not be completed; it was logged",
				"/api/decisions", "Our fault; logged, no detail given"));
		return examples;
	}

	/**
	 * @param detail an example {@code detail}
	 * @param instance an example request path
	 * @param meaning when the problem occurs
	 * @param extensions members the type adds
	 */
	record ProblemExample(String detail, String instance, String meaning, Map<String, Object> extensions) {

		ProblemExample(String detail, String instance, String meaning) {
			this(detail, instance, meaning, Map.of());
		}

	}

	/** Who may call an operation, from the JSON API chain's rules. */
	enum Access {

		PUBLIC(null, null), ADMIN("admin", null), ENTITLEMENTS_READ("entitlements.read", null),
		FINANCE_READ("finance.read", null),
		PERSON("", "Takes a person's access token (from any app they signed in to), not a client's."),
		ANY_TOKEN("", null);

		private final @Nullable String scope;

		private final @Nullable String description;

		Access(@Nullable String scope, @Nullable String description) {
			this.scope = scope;
			this.description = description;
		}

		static Access of(String method, String path) {
			if (("GET".equals(method) && "/api/tiers".equals(path))
					|| ("POST".equals(method) && "/api/decisions".equals(path))) {
				return PUBLIC;
			}
			if (path.startsWith("/admin/")) {
				return ADMIN;
			}
			if (path.matches("/api/users/[^/]+/entitlements") || path.equals("/api/entitlements/changes")) {
				return ENTITLEMENTS_READ;
			}
			if (path.startsWith("/api/finance/")) {
				return FINANCE_READ;
			}
			if (path.startsWith("/api/me/") || path.equals("/api/me") || path.startsWith("/api/streams")
					|| path.startsWith("/api/billing/")) {
				return PERSON;
			}
			return ANY_TOKEN;
		}

		List<SecurityRequirement> requirements() {
			if (this.scope == null) {
				return List.of();
			}
			List<String> scopes = this.scope.isEmpty() ? List.of() : List.of(this.scope);
			return List.of(new SecurityRequirement().addList("oauth2", scopes), new SecurityRequirement().addList("bearer"));
		}

		@Nullable String description() {
			return this.description;
		}

	}

}
