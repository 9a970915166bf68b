package io.turnstile.auth.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the admin API behind the {@link AdminActionAuditInterceptor}.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration implements WebMvcConfigurer {

	private final AuditLog audit;

	AuditConfiguration(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AdminActionAuditInterceptor(this.audit)).addPathPatterns("/admin/**");
	}

}
