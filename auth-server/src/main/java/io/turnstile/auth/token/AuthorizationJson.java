package io.turnstile.auth.token;

import java.util.List;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.jackson.SecurityJacksonModules;

/**
 * The JSON mapper for what the authorization server stores (authorization attributes, token metadata,
 * client settings): Spring Security's modules, whose type allow-list refuses classes it does not know.
 * Not a bean: the web layer keeps Boot's own mapper.
 */
public final class AuthorizationJson {

	private AuthorizationJson() {
	}

	/**
	 * Security's allow-list plus {@link Long}: numbers in our {@code ent} claim ({@code ver}, pass windows in
	 * epoch seconds) are stored as longs in token metadata.
	 */
	public static JsonMapper create() {
		List<JacksonModule> modules = SecurityJacksonModules.getModules(AuthorizationJson.class.getClassLoader(),
				BasicPolymorphicTypeValidator.builder().allowIfSubType(Long.class));
		return JsonMapper.builder().addModules(modules).build();
	}

}
