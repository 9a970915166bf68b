package io.turnstile.auth.client;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/clients} (scope {@code admin}): list and register clients, and rotate a confidential
 * client's secret. A secret is in the answer that creates it and nowhere else, ever.
 */
@RestController
@Tag(name = "Admin: clients", description = "Register clients and rotate their secrets")
class AdminClientsController {

	private final ClientRegistrations registrations;

	AdminClientsController(ClientRegistrations registrations) {
		Assert.notNull(registrations, "registrations cannot be null");
		this.registrations = registrations;
	}

	@GetMapping("/admin/clients")
	@Operation(summary = "The registered clients", description = "By client id; never a secret.")
	@ExamplePayloads(response = """
			[{"clientId": "partner-backend", "clientName": "Partner backend", "type": "confidential",
			 "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": ["https://partner.example/callback"],
			 "scopes": ["entitlements", "openid", "profile"], "requireProofKey": true, "requireConsent": true,
			 "clientIdIssuedAt": 1798000000, "clientSecret": null}]""")
	List<ClientJson> clients() {
		return this.registrations.all().stream().map((client) -> ClientJson.of(client, null)).toList();
	}

	@GetMapping("/admin/clients/{clientId}")
	@Operation(summary = "One client")
	@ProblemResponses(Problems.UNKNOWN_CLIENT)
	@ExamplePayloads(response = """
			{"clientId": "partner-backend", "clientName": "Partner backend", "type": "confidential",
			 "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": ["https://partner.example/callback"],
			 "scopes": ["entitlements", "openid", "profile"], "requireProofKey": true, "requireConsent": true,
			 "clientIdIssuedAt": 1798000000, "clientSecret": null}""")
	ClientJson client(@PathVariable String clientId) {
		return this.registrations.find(clientId)
			.map((client) -> ClientJson.of(client, null))
			.orElseThrow(() -> unknown(clientId));
	}

	@PostMapping("/admin/clients")
	@Operation(summary = "Register a client", description = "'type' is 'confidential' (a server: gets a secret, in this answer only) or 'public' (a browser, phone or TV app: PKCE, no secret). PKCE is required for every authorization-code client; redirect URIs are exact (https, http on loopback, or a private-use scheme); service scopes need client credentials.")
	@ProblemResponses(Problems.CLIENT_REJECTED)
	@ExamplePayloads(request = """
			{"clientId": "partner-backend", "clientName": "Partner backend", "type": "confidential",
			 "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": ["https://partner.example/callback"],
			 "scopes": ["openid", "profile", "entitlements"], "requireConsent": true}""", response = """
			{"clientId": "partner-backend", "clientName": "Partner backend", "type": "confidential",
			 "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": ["https://partner.example/callback"],
			 "scopes": ["entitlements", "openid", "profile"], "requireProofKey": true, "requireConsent": true,
			 "clientIdIssuedAt": 1798000000, "clientSecret": "mF3v0i8n1c2QZlU0y7Yk5bqO9wJt4hRgXa6sDeKpL2E"}""")
	@ResponseStatus(HttpStatus.CREATED)
	ClientJson register(@RequestBody ClientRequest request, @AuthenticationPrincipal Jwt operator) {
		try {
			ClientRegistrations.Registered registered = this.registrations.register(request.toNewClient(),
					operator.getSubject());
			return ClientJson.of(registered.client(), registered.secret());
		}
		catch (ClientRejected ex) {
			throw new ApiException(Problems.CLIENT_REJECTED, ex.getMessage(), Map.of("field", ex.field()));
		}
	}

	@PostMapping("/admin/clients/{clientId}/secret")
	@Operation(summary = "Rotate a client's secret", description = "The new secret is in this answer only; the old one stops working at once.")
	@ProblemResponses({ Problems.UNKNOWN_CLIENT, Problems.CLIENT_REJECTED })
	@ExamplePayloads(response = """
			{"clientId": "partner-backend", "clientName": "Partner backend", "type": "confidential",
			 "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": ["https://partner.example/callback"],
			 "scopes": ["entitlements", "openid", "profile"], "requireProofKey": true, "requireConsent": true,
			 "clientIdIssuedAt": 1798000000, "clientSecret": "Zq2mT8vR1nB6yLcX0wP4sJ7hE3kU9aGdF5iOtN1lQ8c"}""")
	ClientJson rotateSecret(@PathVariable String clientId, @AuthenticationPrincipal Jwt operator) {
		try {
			ClientRegistrations.Registered rotated = this.registrations.rotateSecret(clientId, operator.getSubject());
			return ClientJson.of(rotated.client(), rotated.secret());
		}
		catch (UnknownClient ex) {
			throw unknown(clientId);
		}
		catch (ClientRejected ex) {
			throw new ApiException(Problems.CLIENT_REJECTED, ex.getMessage(), Map.of("field", ex.field()));
		}
	}

	private static ApiException unknown(String clientId) {
		return new ApiException(Problems.UNKNOWN_CLIENT,
				"No client '" + clientId.replaceAll("[^A-Za-z0-9._-]", "?") + "'");
	}

	/** {@code type} is {@code confidential} (keeps a secret) or {@code public}. */
	@Schema(name = "ClientRequest")
	record ClientRequest(@Nullable String clientId, @Nullable String clientName, @Nullable String type,
			@Nullable Set<String> grantTypes, @Nullable List<String> redirectUris,
			@Nullable List<String> postLogoutRedirectUris, @Nullable Set<String> scopes,
			@Nullable Boolean requireConsent) {

		ClientRegistrations.NewClient toNewClient() {
			if (this.type == null || !Set.of("confidential", "public").contains(this.type)) {
				throw new ClientRejected("type", "'type' is 'confidential' or 'public'");
			}
			return new ClientRegistrations.NewClient(orEmpty(this.clientId), orEmpty(this.clientName),
					"confidential".equals(this.type), (this.grantTypes != null) ? this.grantTypes : Set.of(),
					(this.redirectUris != null) ? this.redirectUris : List.of(),
					(this.postLogoutRedirectUris != null) ? this.postLogoutRedirectUris : List.of(),
					(this.scopes != null) ? this.scopes : Set.of(), this.requireConsent == null || this.requireConsent);
		}

		private static String orEmpty(@Nullable String value) {
			return (value != null) ? value : "";
		}

	}

	/** A client as operators see it; {@code clientSecret} only in the answer that created or rotated it. */
	@Schema(name = "Client")
	record ClientJson(String clientId, String clientName, String type, List<String> grantTypes,
			List<String> redirectUris, List<String> scopes, boolean requireProofKey, boolean requireConsent,
			@Nullable Long clientIdIssuedAt, @Nullable String clientSecret) {

		static ClientJson of(RegisteredClient client, @Nullable String secret) {
			return new ClientJson(client.getClientId(), client.getClientName(),
					ClientRegistrations.isConfidential(client) ? "confidential" : "public",
					client.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList(),
					client.getRedirectUris().stream().sorted().toList(), client.getScopes().stream().sorted().toList(),
					client.getClientSettings().isRequireProofKey(),
					client.getClientSettings().isRequireAuthorizationConsent(),
					(client.getClientIdIssuedAt() != null) ? client.getClientIdIssuedAt().getEpochSecond() : null,
					secret);
		}

	}

}
