package io.turnstile.auth.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BrandingPropertiesTests {

	@Test
	void primaryColourThatWhiteTextCannotBeReadOnIsRefusedAtStartUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BrandingProperties("Acme TV", "#f2a900", null))
			.withMessageContaining("at least 4.5:1");
	}

	@Test
	void primaryColourMustBeHex() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BrandingProperties("Acme TV", "red", null))
			.withMessageContaining("#rrggbb");
	}

	@Test
	void logoIsAPathHereOrAnHttpsUrlWhoseOriginPagesMayLoadImagesFrom() {
		assertThat(new BrandingProperties("Acme TV", "#1f4fd1", "/img/logo.svg").logoOrigin()).isNull();
		assertThat(new BrandingProperties("Acme TV", "#1f4fd1", "https://cdn.acme.example/brand/logo.svg").logoOrigin())
			.isEqualTo("https://cdn.acme.example");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BrandingProperties("Acme TV", "#1f4fd1", "http://cdn.acme.example/logo.svg"));
		assertThatIllegalArgumentException().isThrownBy(() -> new BrandingProperties("Acme TV", "#1f4fd1", "//evil.example/x.svg"));
		assertThatIllegalArgumentException().isThrownBy(() -> new BrandingProperties("Acme TV", "#1f4fd1", "javascript:alert(1)"));
	}

	@Test
	void stylesheetSetsThePrimaryColourAndADarkerHover() {
		Branding branding = new Branding(new BrandingProperties("Acme TV", "#0B6B3A", null));

		assertThat(branding.stylesheet()).contains("--accent: #0b6b3a;").contains("--accent-hover: #09562e;");
		assertThat(branding.productName()).isEqualTo("Acme TV");
	}

}
