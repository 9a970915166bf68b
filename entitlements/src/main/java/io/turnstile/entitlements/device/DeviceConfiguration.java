package io.turnstile.entitlements.device;

import java.time.Clock;

import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.Entitlements;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the device registry; imported by {@code EntitlementsConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class DeviceConfiguration {

	@Bean
	Devices devices(DeviceEntityRepository devices, Entitlements entitlements) {
		return new DeviceRegistry(devices, entitlements, Clock.systemUTC());
	}

}
