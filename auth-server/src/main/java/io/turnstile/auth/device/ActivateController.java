package io.turnstile.auth.device;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.turnstile.auth.account.LoginThrottle;
import io.turnstile.auth.config.Issuer;
import io.turnstile.auth.token.UserCodes;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.Entitlements;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /activate}: where a person signs a TV in (RFC 8628 verification page). They type the code the TV
 * shows (or arrive with it from the QR code), see which app and device is asking and what it may do, and
 * confirm; the confirmation goes to the framework's device verification endpoint, then to consent. Wrong
 * codes are throttled per session and per address. {@code /activate/qr} draws the QR code a TV shows.
 */
@Controller
class ActivateController {

	static final String PATH = "/activate";

	private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

	private static final Map<String, String> SCOPES = Map.of("openid", "Sign you in", "profile", "See your name",
			"email", "See your e-mail address", "offline_access", "Stay signed in on this device", "entitlements",
			"See your plan and passes");

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final LoginThrottle throttle;

	private final Devices devices;

	private final Entitlements entitlements;

	private final Issuer issuer;

	ActivateController(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			LoginThrottle throttle, Devices devices, Entitlements entitlements, Issuer issuer) {
		this.authorizations = authorizations;
		this.clients = clients;
		this.throttle = throttle;
		this.devices = devices;
		this.entitlements = entitlements;
		this.issuer = issuer;
	}

	@GetMapping(PATH)
	ModelAndView enter(@RequestParam(name = "user_code", required = false) String userCode, Principal principal,
			HttpServletRequest request) {
		if (StringUtils.hasText(userCode)) {
			return check(userCode, principal, request);
		}
		if (request.getParameterMap().containsKey("error")) {
			// The device verification endpoint refused the code after it was confirmed here.
			return page("activate", HttpStatus.OK, Map.of("code", "", "error",
					"That code has expired or was already used. Start again on your TV to get a new code, then enter it here."));
		}
		return new ModelAndView("activate", Map.of("code", ""));
	}

	@PostMapping(PATH)
	ModelAndView check(@RequestParam(name = "user_code", defaultValue = "") String userCode, Principal principal,
			HttpServletRequest request) {
		String session = request.getSession().getId();
		Optional<Duration> wait = this.throttle.userCodeRefusal(session, request.getRemoteAddr());
		if (wait.isPresent()) {
			return page("activate", HttpStatus.TOO_MANY_REQUESTS, Map.of("code", UserCodes.display(userCode), "error",
					"Too many wrong codes. Try again in " + Math.max(1, wait.get().toSeconds()) + " seconds."));
		}
		OAuth2Authorization authorization = UserCodes.normalize(userCode).isEmpty() ? null
				: this.authorizations.findByToken(userCode, USER_CODE);
		OAuth2Authorization.Token<OAuth2UserCode> code = (authorization != null)
				? authorization.getToken(OAuth2UserCode.class) : null;
		if (code == null || !code.isActive()) {
			this.throttle.userCodeFailed(session, request.getRemoteAddr());
			return page("activate", HttpStatus.BAD_REQUEST, Map.of("code", UserCodes.display(userCode), "error",
					"That code is not valid or has expired. Check the code on your TV and try again."));
		}
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		String appName = (client != null) ? client.getClientName() : "An app";
		Object deviceName = authorization.getAttribute(DeviceRegistrationAuthenticationProvider.DEVICE_NAME);
		List<String> scopes = new ArrayList<>();
		Object requested = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
		if (requested instanceof Iterable<?> names) {
			names.forEach((name) -> scopes.add(SCOPES.getOrDefault(String.valueOf(name), "Use “" + name + "”")));
		}
		AccountId person = new AccountId(principal.getName());
		int limit = this.entitlements.current(person).tier().devices();
		boolean atLimit = this.devices.active(person).size() >= limit;
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("code", UserCodes.display(userCode));
		model.put("userCode", code.getToken().getTokenValue());
		model.put("appName", appName);
		model.put("deviceName", (deviceName != null) ? deviceName : "");
		model.put("scopes", scopes);
		model.put("atLimit", atLimit);
		model.put("limit", limit);
		return page("activate-confirm", HttpStatus.OK, model);
	}

	@GetMapping(PATH + "/done")
	String done() {
		return "activate-done";
	}

	/** The person said no on the consent page: the TV stays signed out. */
	@GetMapping(PATH + "/denied")
	String denied() {
		return "activate-denied";
	}

	/**
	 * The QR code of {@code verification_uri_complete} for a TV to show, as SVG. Public (the TV is not
	 * signed in); it encodes what it is given and looks nothing up, so it reveals nothing about codes.
	 */
	@GetMapping(value = PATH + "/qr", produces = "image/svg+xml")
	ResponseEntity<String> qr(@RequestParam(name = "user_code", defaultValue = "") String userCode) {
		String normalized = UserCodes.normalize(userCode);
		if (normalized.length() != 8 || !normalized.chars().allMatch((c) -> UserCodes.ALPHABET.indexOf(c) >= 0)) {
			return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("user_code is not a valid code");
		}
		String uri = UriComponentsBuilder.fromUriString(this.issuer.current() + PATH)
			.queryParam(OAuth2ParameterNames.USER_CODE, UserCodes.display(normalized))
			.build()
			.toUriString();
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.valueOf("image/svg+xml"))
			.body(QrCodes.svg(uri));
	}

	private static ModelAndView page(String view, HttpStatus status, Map<String, ?> model) {
		return new ModelAndView(view, model, status);
	}

}
