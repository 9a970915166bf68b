package io.turnstile.auth.account;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The sign-up page. A new person is signed in at once (new session id, new CSRF token) and sent on to the
 * request that asked them to sign in, typically an app's {@code /oauth2/authorize}, or else home. Every
 * attempt counts against the address's sign-up throttle.
 */
@Controller
class SignUpController {

	private static final Log logger = LogFactory.getLog(SignUpController.class);

	private final People people;

	private final PersonUserDetailsService userDetails;

	private final LoginThrottle throttle;

	private final SecurityContextHolderStrategy securityContextHolder = SecurityContextHolder
		.getContextHolderStrategy();

	private final SecurityContextRepository securityContexts = new HttpSessionSecurityContextRepository();

	private final SessionAuthenticationStrategy sessionStrategy = new CompositeSessionAuthenticationStrategy(
			List.of(new ChangeSessionIdAuthenticationStrategy(),
					new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository())));

	private final RequestCache requestCache = new HttpSessionRequestCache();

	SignUpController(People people, PersonUserDetailsService userDetails, LoginThrottle throttle) {
		Assert.notNull(people, "people cannot be null");
		Assert.notNull(userDetails, "userDetails cannot be null");
		Assert.notNull(throttle, "throttle cannot be null");
		this.people = people;
		this.userDetails = userDetails;
		this.throttle = throttle;
	}

	@GetMapping("/signup")
	String form(Model model) {
		model.addAttribute("email", "");
		model.addAttribute("displayName", "");
		model.addAttribute("errors", Map.of());
		return "signup";
	}

	@PostMapping("/signup")
	ModelAndView signUp(@RequestParam(defaultValue = "") String email,
			@RequestParam(defaultValue = "") String displayName, @RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "") String confirmPassword, HttpServletRequest request,
			HttpServletResponse response) {
		Optional<Duration> wait = this.throttle.signUpRefusal(request.getRemoteAddr());
		if (wait.isPresent()) {
			long seconds = new SignInThrottled(wait.get()).seconds();
			return rejected(email, displayName, HttpStatus.TOO_MANY_REQUESTS, "form",
					"Too many attempts. Try again in " + seconds + ((seconds == 1) ? " second." : " seconds."));
		}
		this.throttle.signUpAttempted(request.getRemoteAddr());
		if (!password.equals(confirmPassword)) {
			return rejected(email, displayName, HttpStatus.BAD_REQUEST, "confirmPassword",
					"The passwords do not match.");
		}
		Person person;
		try {
			person = this.people.signUp(email, password, displayName);
		}
		catch (SignUpRejected ex) {
			return rejected(email, displayName, HttpStatus.BAD_REQUEST, ex.field(), ex.getMessage());
		}
		logger.info("Person " + person.id() + " signed up");
		signIn(person, request, response);
		SavedRequest saved = this.requestCache.getRequest(request, response);
		this.requestCache.removeRequest(request, response);
		RedirectView next = new RedirectView((saved != null) ? saved.getRedirectUrl() : "/", true);
		next.setExpandUriTemplateVariables(false);
		next.setExposeModelAttributes(false);
		return new ModelAndView(next);
	}

	private void signIn(Person person, HttpServletRequest request, HttpServletResponse response) {
		UserDetails user = this.userDetails.loadUserByUsername(person.email());
		if (user instanceof CredentialsContainer credentials) {
			credentials.eraseCredentials();
		}
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(user,
				null, user.getAuthorities());
		this.sessionStrategy.onAuthentication(authentication, request, response);
		SecurityContext context = this.securityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		this.securityContextHolder.setContext(context);
		this.securityContexts.saveContext(context, request, response);
	}

	private static ModelAndView rejected(String email, String displayName, HttpStatus status, String field,
			String message) {
		return new ModelAndView("signup",
				Map.of("email", email, "displayName", displayName, "errors", Map.of(field, message)), status);
	}

}
