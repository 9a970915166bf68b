package io.turnstile.auth;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for browser tests, one per test JVM, driven by Debian's chromedriver. Both
 * paths are set explicitly, so Selenium Manager never runs (and never downloads anything). Without them the
 * tests are skipped with the reason, unless {@code TURNSTILE_REQUIRE_BROWSER=true} (CI), where they fail.
 * A failing test leaves a screenshot and the page source under {@code target/screenshots/}.
 */
public final class Chromium implements ExecutionCondition, ParameterResolver, AfterTestExecutionCallback {

	static final Path BINARY = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	static final Path FAILURES = Path.of("target", "screenshots");

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Chromium.class);

	/**
	 * Records Content-Security-Policy violations of every page in {@code window.__cspViolations}; added
	 * through the DevTools protocol, so the pages' own policy does not apply to it.
	 */
	private static final String CSP_RECORDER = "window.__cspViolations = [];"
			+ "document.addEventListener('securitypolicyviolation', (e) => "
			+ "window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

	static boolean required() {
		return "true".equalsIgnoreCase(System.getenv("TURNSTILE_REQUIRE_BROWSER"));
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		List<Path> missing = List.of(BINARY, DRIVER).stream().filter((path) -> !Files.isExecutable(path)).toList();
		if (missing.isEmpty()) {
			return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
		}
		if (required()) {
			// Runs, and fails in driver(): CI must never skip the browser tests silently.
			return ConditionEvaluationResult.enabled("TURNSTILE_REQUIRE_BROWSER=true");
		}
		return ConditionEvaluationResult.disabled("Browser tests skipped: " + missing
				+ " missing (apt-get install chromium chromium-driver); set TURNSTILE_REQUIRE_BROWSER=true to fail instead");
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == ChromeDriver.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return driver(context);
	}

	@Override
	public void afterTestExecution(ExtensionContext context) throws IOException {
		if (context.getExecutionException().isEmpty()) {
			return;
		}
		Browser browser = context.getRoot().getStore(NAMESPACE).get(Browser.class, Browser.class);
		if (browser == null) {
			return;
		}
		Files.createDirectories(FAILURES);
		String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
		File png = browser.driver().getScreenshotAs(OutputType.FILE);
		Files.copy(png.toPath(), FAILURES.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.writeString(FAILURES.resolve(name + ".html"), String.valueOf(browser.driver().getPageSource()));
	}

	/** The JVM's one browser, started on first use and quit when the test run ends. */
	static ChromeDriver driver(ExtensionContext context) {
		if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
			throw new IllegalStateException("TURNSTILE_REQUIRE_BROWSER=true but " + BINARY + " or " + DRIVER
					+ " is missing: apt-get install chromium chromium-driver");
		}
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Browser.class, (key) -> Browser.start(), Browser.class)
			.driver();
	}

	/** Wraps the driver so that JUnit quits it when the root context closes. */
	record Browser(ChromeDriver driver) implements AutoCloseable {

		static Browser start() {
			ChromeOptions options = new ChromeOptions();
			options.setBinary(BINARY.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-GB");
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_RECORDER));
			return new Browser(driver);
		}

		@Override
		public void close() {
			this.driver.quit();
		}

	}

}
