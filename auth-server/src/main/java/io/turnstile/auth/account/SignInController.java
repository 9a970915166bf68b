package io.turnstile.auth.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page (the form posts to Spring Security's {@code POST /login}).
 */
@Controller
class SignInController {

	private final People people;

	SignInController(People people) {
		Assert.notNull(people, "people cannot be null");
		this.people = people;
	}

	@GetMapping("/login")
	String signIn(HttpServletRequest request, Model model) {
		if (request.getParameterMap().containsKey("error")) {
			model.addAttribute("error", errorMessage(request.getSession(false)));
		}
		else if (request.getParameterMap().containsKey("logout")) {
			model.addAttribute("notice", "You are signed out.");
		}
		return "login";
	}

	private static String errorMessage(@Nullable HttpSession session) {
		Object exception = (session != null) ? session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) : null;
		if (exception instanceof SignInThrottled throttled) {
			return "Too many attempts. Try again in " + throttled.seconds()
					+ ((throttled.seconds() == 1) ? " second." : " seconds.");
		}
		return "Wrong e-mail or password.";
	}

}
