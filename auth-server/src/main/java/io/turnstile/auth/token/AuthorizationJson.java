package io.turnstile.auth.token;

import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.DeserializerFactoryConfig;
import tools.jackson.databind.deser.BeanDeserializerFactory;
import tools.jackson.databind.deser.DeserializerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;

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
		return JsonMapper.builder()
			.addModules(modules)
			.deserializerFactory(new CachingContainersFactory(new DeserializerFactoryConfig()))
			.build();
	}

	/**
	 * Jackson caches no deserializer of a collection or map whose elements carry type ids, nor of the JDK's
	 * unmodifiable wrappers, and Spring Security's deserializers read such containers on every call
	 * ({@code readTreeAsValue} of a {@code List<GrantedAuthority>}): each read of a stored authorization built
	 * a dozen deserializers, introspecting their classes under Jackson's global construction lock. Jackson
	 * withholds them from its cache in case a property's annotations configured them; this mapper reads only
	 * what the authorization server stored, whose containers are configured by type alone (default typing, no
	 * per-property annotations), so one per type is safe. Contextualisation still runs on every lookup.
	 */
	private static final class CachingContainersFactory extends BeanDeserializerFactory {

		CachingContainersFactory(DeserializerFactoryConfig config) {
			super(config);
		}

		@Override
		public DeserializerFactory withConfig(DeserializerFactoryConfig config) {
			return (this._factoryConfig == config) ? this : new CachingContainersFactory(config);
		}

		@Override
		public ValueDeserializer<?> createCollectionDeserializer(DeserializationContext ctxt, CollectionType type,
				BeanDescription.Supplier beanDescRef) {
			return cachable(super.createCollectionDeserializer(ctxt, type, beanDescRef));
		}

		@Override
		public ValueDeserializer<?> createMapDeserializer(DeserializationContext ctxt, MapType type,
				BeanDescription.Supplier beanDescRef) {
			return cachable(super.createMapDeserializer(ctxt, type, beanDescRef));
		}

		private static ValueDeserializer<?> cachable(ValueDeserializer<?> deserializer) {
			return (deserializer == null || deserializer.isCachable()) ? deserializer : new Cachable(deserializer);
		}

	}

	/**
	 * What Jackson caches in place of a container deserializer it would not: every lookup contextualises it,
	 * and the contextual instance (not cached) does the work.
	 */
	private static final class Cachable extends ValueDeserializer<Object> {

		private final ValueDeserializer<?> delegatee;

		Cachable(ValueDeserializer<?> delegatee) {
			this.delegatee = delegatee;
		}

		@Override
		public boolean isCachable() {
			return true;
		}

		@Override
		public void resolve(DeserializationContext ctxt) {
			this.delegatee.resolve(ctxt);
		}

		@Override
		public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
			return this.delegatee.createContextual(ctxt, property);
		}

		@Override
		public Object deserialize(JsonParser p, DeserializationContext ctxt) {
			return this.delegatee.deserialize(p, ctxt);
		}

		@Override
		public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer) {
			return this.delegatee.deserializeWithType(p, ctxt, typeDeserializer);
		}

	}

}
