package io.turnstile.entitlements;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;

/**
 * The entitlements module has no Boot application: slice tests ({@code @DataJpaTest}) find this one. Its
 * package is where JPA entities and repositories are scanned.
 */
@SpringBootConfiguration
@AutoConfigurationPackage
class EntitlementsTestApplication {

}
