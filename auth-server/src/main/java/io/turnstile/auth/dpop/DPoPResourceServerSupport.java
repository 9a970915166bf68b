package io.turnstile.auth.dpop;

import java.util.List;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.DPoPProofReplayValidator;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationProvider;

/**
 * DPoP at the server's own resource endpoints ({@code /userinfo}, {@code /api/**}), which the framework
 * leaves off: its proof checks (signature, {@code htm}, {@code htu}, {@code ath}, key thumbprint against
 * {@code cnf.jkt}, {@code iat}) with the replay cache replaced by {@link DPoPProofJtis}, shared by every
 * node.
 */
public final class DPoPResourceServerSupport {

	private DPoPResourceServerSupport() {
	}

	/** Post-processes the resource server's {@link DPoPAuthenticationProvider} to use the shared cache. */
	public static ObjectPostProcessor<Object> sharedReplayCache(DPoPProofJtis jtis) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O> O postProcess(O object) {
				if (object instanceof DPoPAuthenticationProvider provider) {
					DPoPProofJwtDecoderFactory proofs = new DPoPProofJwtDecoderFactory();
					proofs.setJwtValidatorFactory(DPoPProofJwtDecoderFactory
						.createDefaultJwtValidatorFactory(List.of(new DPoPProofReplayValidator(jtis))));
					provider.setDPoPProofVerifierFactory(proofs);
				}
				return object;
			}
		};
	}

}
