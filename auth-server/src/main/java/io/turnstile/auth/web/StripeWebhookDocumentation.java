package io.turnstile.auth.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /billing/stripe/webhook} in the API reference: Stripe's side of the contract
 * (stripe-contract.md 1-4). It lives in billing-adapter, which knows nothing of OpenAPI, so it is described
 * here rather than annotated.
 */
final class StripeWebhookDocumentation {

	private static final String EVENT = """
			{
			  "id": "evt_1QdemoInvoicePaid",
			  "object": "event",
			  "api_version": "2025-10-29.clover",
			  "created": 1798000000,
			  "type": "invoice.paid",
			  "data": {
			    "object": {
			      "id": "in_1Qdemo",
			      "object": "invoice",
			      "customer": "cus_1Qdemo",
			      "subscription": "sub_1Qdemo",
			      "amount_paid": 1599,
			      "currency": "eur",
			      "metadata": { "user_id": "8d3b1f6e-2c4a-4e9b-9f1d-5a7c3e2b1a00" }
			    }
			  }
			}""";

	private StripeWebhookDocumentation() {
	}

	static void describe(Operation operation) {
		operation.setTags(List.of("Stripe webhook"));
		operation.setSummary("Receive a Stripe event");
		operation.setDescription("""
				Stripe's webhook endpoint. The raw body is verified with the `Stripe-Signature` header against \
				each configured signing secret; a missing header, a bad signature or a stale timestamp is a 400 \
				with no body and leaves no trace. A verified event is stored (its id is unique) and answered 200 \
				at once, then applied in a transaction of its own; a duplicate delivery is a 200 with \
				`"duplicate": true` and no further work. Events that cannot be applied yet are parked or failed \
				(see `/admin/billing/parked`), never refused. A 500 only when the event could not be stored, so \
				that Stripe retries. Needs no access token: the signature is the authentication.""");
		operation.setSecurity(List.of());
		operation.setParameters(List.of(new HeaderParameter().name("Stripe-Signature")
			.required(true)
			.description("t=<timestamp>,v1=<HMAC-SHA256 of '<timestamp>.<raw body>'> (Stripe's format)")
			.schema(ApiDocumentation.typed("string"))
			.example("t=1798000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd")));
		operation.setRequestBody(new RequestBody().required(true)
			.description("The Stripe event, byte for byte as Stripe sent it")
			.content(new Content().addMediaType("application/json",
					new MediaType().schema(ApiDocumentation.typed("object"))
						.addExamples("invoice.paid", new Example().summary("A paid invoice")
							.value(JsonMapper.builder().build().readValue(EVENT, Map.class))))));
		ApiResponses responses = new ApiResponses();
		responses.addApiResponse("200", new ApiResponse().description("Stored (and applied, parked or failed)")
			.content(new Content().addMediaType("application/json", new MediaType()
				.schema(ApiDocumentation.typed("object"))
				.addExamples("received", new Example().value(Map.of("received", true)))
				.addExamples("duplicate", new Example().value(Map.of("received", true, "duplicate", true))))));
		responses.addApiResponse("400",
				new ApiResponse().description("No body, no or bad signature, or a stale timestamp; no body"));
		responses.addApiResponse("500", new ApiResponse().description("The event could not be stored; Stripe retries"));
		operation.setResponses(responses);
	}

}
