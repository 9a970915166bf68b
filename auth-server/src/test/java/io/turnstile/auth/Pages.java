package io.turnstile.auth;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does in the browser, in the words of the pages: open a page, fill a labelled field, press
 * a button by its text, and what every page must get right (labels, one heading, no CSP violation).
 */
final class Pages {

	private final ChromeDriver browser;

	private final String base;

	Pages(ChromeDriver browser, String base) {
		this.browser = browser;
		this.base = base;
	}

	/** Forgets the previous person: cookies of this server are deleted. */
	void startOver() {
		open("/login");
		this.browser.manage().deleteAllCookies();
	}

	void open(String path) {
		this.browser.get(path.startsWith("http") ? path : this.base + path);
	}

	String path() {
		return java.net.URI.create(this.browser.getCurrentUrl()).getPath();
	}

	/** Types into the field whose label is {@code label}. */
	void fill(String label, String value) {
		WebElement field = field(label);
		field.clear();
		field.sendKeys(value);
	}

	WebElement field(String label) {
		WebElement labelElement = this.browser.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
		return this.browser.findElement(By.id(labelElement.getAttribute("for")));
	}

	/** Presses the button (or button-styled link) with this text or accessible name. */
	void press(String text) {
		button(text).click();
	}

	WebElement button(String text) {
		return this.browser.findElement(By.xpath("//button[normalize-space(.)='" + text + "' or @aria-label='" + text
				+ "'] | //a[contains(@class,'button') and normalize-space(.)='" + text + "']"));
	}

	String heading() {
		return this.browser.findElement(By.tagName("h1")).getText();
	}

	String text() {
		return this.browser.findElement(By.tagName("body")).getText();
	}

	void signIn(String email, String password) {
		open("/login");
		fill("E-mail", email);
		fill("Password", password);
		press("Sign in");
		waitUntil((driver) -> !path().equals("/login"));
	}

	<T> T waitUntil(Function<WebDriver, T> condition) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(20)).until(condition);
	}

	void waitForText(String text) {
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
	}

	/** Violations of the page's Content-Security-Policy since it loaded. */
	@SuppressWarnings("unchecked")
	List<String> cspViolations() {
		Object violations = ((JavascriptExecutor) this.browser).executeScript("return window.__cspViolations || [];");
		return (List<String>) violations;
	}

	/** Form fields that have neither a label nor an accessible name. */
	@SuppressWarnings("unchecked")
	List<String> unlabelledFields() {
		return (List<String>) ((JavascriptExecutor) this.browser).executeScript("""
				return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
					.filter((field) => field.labels.length === 0 && !field.getAttribute('aria-label'))
					.map((field) => field.name || field.id);""");
	}

	/** The id (or name) of the focused element. */
	String focused() {
		WebElement active = this.browser.switchTo().activeElement();
		String id = active.getAttribute("id");
		return (id != null && !id.isEmpty()) ? id : String.valueOf(active.getAttribute("name"));
	}

	ChromeDriver browser() {
		return this.browser;
	}

}
