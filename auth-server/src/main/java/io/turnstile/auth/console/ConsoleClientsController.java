package io.turnstile.auth.console;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.turnstile.auth.client.ClientRegistrations;
import io.turnstile.auth.client.ClientRejected;
import io.turnstile.auth.client.UnknownClient;
import io.turnstile.auth.page.Times;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Clients: the list, registering one, and rotating a confidential client's secret. A new secret is shown
 * once, on the page that answers the form (never stored in clear, never in a redirect or a log).
 */
@Controller
class ConsoleClientsController {

	static final String PATH = "/admin/console/clients";

	private final ClientRegistrations registrations;

	ConsoleClientsController(ClientRegistrations registrations) {
		this.registrations = registrations;
	}

	@GetMapping(PATH)
	ModelAndView clients() {
		return new ModelAndView("console/clients",
				Map.of("clients", this.registrations.all().stream().map(ClientRow::of).toList()));
	}

	@GetMapping(PATH + "/new")
	ModelAndView form() {
		return form(new ClientForm("", "", "confidential", List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
				AuthorizationGrantType.REFRESH_TOKEN.getValue()), "", List.of("openid", "profile"), true), null,
				HttpStatus.OK);
	}

	@PostMapping(PATH)
	ModelAndView register(@RequestParam(defaultValue = "") String clientId,
			@RequestParam(defaultValue = "") String clientName, @RequestParam(defaultValue = "public") String type,
			@RequestParam(name = "grantType", required = false) @Nullable List<String> grantTypes,
			@RequestParam(defaultValue = "") String redirectUris,
			@RequestParam(name = "scope", required = false) @Nullable List<String> scopes,
			@RequestParam(defaultValue = "false") boolean requireConsent, Authentication operator) {
		ClientForm form = new ClientForm(clientId, clientName, type, (grantTypes != null) ? grantTypes : List.of(),
				redirectUris, (scopes != null) ? scopes : List.of(), requireConsent);
		try {
			ClientRegistrations.Registered registered = this.registrations.register(form.toNewClient(),
					operator.getName());
			return secretPage(registered, true);
		}
		catch (ClientRejected ex) {
			return form(form, ex.getMessage(), HttpStatus.BAD_REQUEST);
		}
	}

	/** Rotating retires the old secret at once, so the console asks first. */
	@GetMapping(PATH + "/{clientId}/secret")
	ModelAndView confirmRotation(@PathVariable String clientId, RedirectAttributes flash) {
		return this.registrations.find(clientId)
			.filter(ClientRegistrations::isConfidential)
			.map((client) -> new ModelAndView("console/client-rotate", Map.of("client", ClientRow.of(client))))
			.orElseGet(() -> {
				flash.addFlashAttribute("error", "No confidential client '" + clientId + "'.");
				return new ModelAndView("redirect:" + PATH);
			});
	}

	@PostMapping(PATH + "/{clientId}/secret")
	ModelAndView rotateSecret(@PathVariable String clientId, Authentication operator, RedirectAttributes flash) {
		try {
			return secretPage(this.registrations.rotateSecret(clientId, operator.getName()), false);
		}
		catch (UnknownClient | ClientRejected ex) {
			flash.addFlashAttribute("error", ex.getMessage());
			return new ModelAndView("redirect:" + PATH);
		}
	}

	private static ModelAndView secretPage(ClientRegistrations.Registered registered, boolean created) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("client", ClientRow.of(registered.client()));
		model.put("created", created);
		if (registered.secret() != null) {
			model.put("secret", registered.secret());
		}
		return new ModelAndView("console/client-secret", model);
	}

	private static ModelAndView form(ClientForm form, @Nullable String error, HttpStatus status) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("form", form);
		model.put("grantTypes", ClientRegistrations.GRANT_TYPES);
		model.put("personScopes", ClientRegistrations.PERSON_SCOPES);
		model.put("serviceScopes", ClientRegistrations.SERVICE_SCOPES);
		if (error != null) {
			model.put("error", error);
		}
		ModelAndView page = new ModelAndView("console/client-new", model);
		page.setStatus(status);
		return page;
	}

	/** The registration form as typed, to show it again after a refusal. */
	record ClientForm(String clientId, String clientName, String type, List<String> grantTypes, String redirectUris,
			List<String> scopes, boolean requireConsent) {

		ClientRegistrations.NewClient toNewClient() {
			if (!"confidential".equals(this.type) && !"public".equals(this.type)) {
				throw new ClientRejected("type", "Choose confidential or public.");
			}
			List<String> uris = Arrays.stream(this.redirectUris.split("\\R")).map(String::trim)
				.filter((uri) -> !uri.isEmpty())
				.toList();
			return new ClientRegistrations.NewClient(this.clientId, this.clientName, "confidential".equals(this.type),
					new LinkedHashSet<>(this.grantTypes), uris, List.of(), new LinkedHashSet<>(this.scopes),
					this.requireConsent);
		}

	}

	record ClientRow(String clientId, String clientName, boolean confidential, List<String> grantTypes,
			List<String> redirectUris, List<String> scopes, boolean requireConsent, String issuedAt) {

		static ClientRow of(RegisteredClient client) {
			return new ClientRow(client.getClientId(), client.getClientName(),
					ClientRegistrations.isConfidential(client),
					client.getAuthorizationGrantTypes()
						.stream()
						.map(AuthorizationGrantType::getValue)
						.map(ClientRow::grantName)
						.sorted()
						.toList(),
					client.getRedirectUris().stream().sorted().toList(), client.getScopes().stream().sorted().toList(),
					client.getClientSettings().isRequireAuthorizationConsent(),
					(client.getClientIdIssuedAt() != null) ? Times.date(client.getClientIdIssuedAt()) : "");
		}

		static String grantName(String grant) {
			return AuthorizationGrantType.DEVICE_CODE.getValue().equals(grant) ? "device_code" : grant;
		}

	}

}
