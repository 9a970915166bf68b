package io.turnstile.auth.account;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.turnstile.auth.page.PageErrors;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The consent page the authorization endpoint redirects to. It asks about the requested scopes not yet
 * granted, lists those granted before, and posts the decision back to {@code /oauth2/authorize}; {@code openid}
 * is granted along with any decision to allow and never shown as a choice.
 */
@Controller
class ConsentController {

	/** What each scope lets an app do, in the words of the person asked. */
	static final Map<String, String> SCOPE_DESCRIPTIONS = Map.of(OidcScopes.OPENID, "Sign you in",
			OidcScopes.PROFILE, "See your name", OidcScopes.EMAIL, "See your e-mail address", "offline_access",
			"Keep you signed in on this device", "entitlements", "See your plan and passes");

	private final RegisteredClientRepository registeredClients;

	private final OAuth2AuthorizationConsentService consents;

	private final People people;

	ConsentController(RegisteredClientRepository registeredClients, OAuth2AuthorizationConsentService consents,
			People people) {
		Assert.notNull(registeredClients, "registeredClients cannot be null");
		Assert.notNull(consents, "consents cannot be null");
		Assert.notNull(people, "people cannot be null");
		this.registeredClients = registeredClients;
		this.consents = consents;
		this.people = people;
	}

	@GetMapping("/oauth2/consent")
	ModelAndView consent(Principal principal, @RequestParam(name = "client_id", defaultValue = "") String clientId,
			@RequestParam(defaultValue = "") String scope, @RequestParam(defaultValue = "") String state,
			@RequestParam(name = "user_code", defaultValue = "") String userCode) {
		RegisteredClient client = StringUtils.hasText(clientId) ? this.registeredClients.findByClientId(clientId)
				: null;
		if (client == null || !StringUtils.hasText(state)) {
			return new ModelAndView("error",
					Map.of("status", 400, "error", "Bad Request", "kind",
							(client == null) ? PageErrors.UNKNOWN_CLIENT : PageErrors.INVALID_REQUEST),
					HttpStatus.BAD_REQUEST);
		}
		OAuth2AuthorizationConsent previous = this.consents.findById(client.getId(), principal.getName());
		Set<String> granted = (previous != null) ? previous.getScopes() : Set.of();
		Map<String, String> toApprove = new LinkedHashMap<>();
		Map<String, String> approved = new LinkedHashMap<>();
		boolean openid = false;
		for (String requested : StringUtils.delimitedListToStringArray(scope, " ")) {
			if (requested.isEmpty()) {
				continue;
			}
			if (OidcScopes.OPENID.equals(requested)) {
				openid = true;
			}
			else if (granted.contains(requested)) {
				approved.put(requested, describe(requested));
			}
			else {
				toApprove.put(requested, describe(requested));
			}
		}
		String clientName = StringUtils.hasText(client.getClientName()) ? client.getClientName()
				: client.getClientId();
		// A TV's device code is approved at the device verification endpoint, a browser app's at authorize.
		String action = StringUtils.hasText(userCode) ? "/oauth2/device_verification" : "/oauth2/authorize";
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("clientId", client.getClientId());
		model.put("clientName", clientName);
		model.put("state", state);
		model.put("openid", openid);
		model.put("scopes", toApprove);
		model.put("previouslyApproved", approved);
		model.put("action", action);
		model.put("userCode", userCode);
		model.put("signedInAs", this.people.findById(principal.getName()).map(Person::email).orElse(null));
		return new ModelAndView("consent", model);
	}

	private static String describe(String scope) {
		return SCOPE_DESCRIPTIONS.getOrDefault(scope, "Use “" + scope + "”");
	}

}
