package io.turnstile.entitlements.device;

import java.time.Clock;

import javax.sql.DataSource;

import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.Entitlements;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the device registry; imported by {@code EntitlementsConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class DeviceConfiguration {

	@Bean
	Devices devices(DeviceEntityRepository devices, Entitlements entitlements, DataSource dataSource) {
		return new DeviceRegistry(devices, entitlements, new JdbcTemplate(dataSource), Clock.systemUTC());
	}

}
