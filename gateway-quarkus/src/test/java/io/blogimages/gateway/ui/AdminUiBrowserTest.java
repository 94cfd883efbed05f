package io.blogimages.gateway.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import io.blogimages.gateway.GatewayApi;
import io.blogimages.gateway.StackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.blogimages.gateway.GatewayApi.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin UI end to end in headless Chromium (Debian's {@code chromium} package, driven by Playwright), against
 * the gateway with the real auth and image services behind it. One story, a screenshot per step under
 * {@code target/ui-screenshots/} (kept; on failure one more, {@code failure.png}).
 *
 * <p>Without Chromium the test is skipped, unless {@code CI=true}: then it fails, since CI must install it
 * ({@code apt-get install chromium}). The binary is {@code /usr/lib/chromium/chromium} or {@code $CHROMIUM_PATH}.
 *
 * <p>The page gets {@code window.__adminUiTestHooks = {}} before its scripts run: only then does the UI expose a
 * way to replace its in-memory access token (see auth.js), which is how a refused or expired token is staged.
 */
@QuarkusTest
@WithTestResource(StackResource.class)
@EnabledIf(value = "chromiumPresentOrRequired", disabledReason = "No Chromium at /usr/lib/chromium/chromium (or "
        + "$CHROMIUM_PATH): install Debian's chromium package to run the browser test (CI=true makes this a failure)")
class AdminUiBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final double TIMEOUT_MS = 20_000;

    @TestHTTPResource("/")
    URL root;

    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> exchanges = Collections.synchronizedList(new ArrayList<>());
    private int step;

    @Test
    void anAdminManagesTheImagesOfAPost() throws Exception {
        Path chromium = chromium();
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) { // this run's pictures only
            for (Path file : old.filter(f -> f.toString().endsWith(".png")).toList()) {
                Files.delete(file);
            }
        }
        Path uploads = Files.createTempDirectory("ui-uploads");
        Path first = png(uploads.resolve("first.png"), 64, 48, Color.RED);
        Path second = png(uploads.resolve("second.png"), 48, 64, Color.BLUE);
        Path third = png(uploads.resolve("third.png"), 40, 40, Color.GREEN);
        Path notAnImage = uploads.resolve("not-an-image.png");
        Files.writeString(notAnImage, "this is text, whatever the name says");
        String post = "ui-" + UUID.randomUUID().toString().substring(0, 8);

        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium).setHeadless(true).setArgs(CHROMIUM_FLAGS));
             // One client address for the whole story (the gateway trusts X-Forwarded-For from loopback), so the
             // per-IP limits on login and refresh are not shared with other tests.
             BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                     .setViewportSize(1280, 900)
                     .setExtraHTTPHeaders(Map.of("X-Forwarded-For", GatewayApi.randomIp())))) {
            context.setDefaultTimeout(TIMEOUT_MS);
            context.addInitScript("window.__adminUiTestHooks = {};");
            Page page = context.newPage();
            watch(page);
            try {
                story(context, page, post, first, second, third, notAnImage);
            } catch (Throwable failure) {
                Path shot = SCREENSHOTS.resolve("failure.png");
                try {
                    page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
                    // Picked up as an attachment by CI report plugins that follow this convention.
                    System.out.println("[[ATTACHMENT|" + shot.toAbsolutePath() + "]]");
                } catch (RuntimeException screenshotFailed) {
                    failure.addSuppressed(screenshotFailed);
                }
                System.out.println("HTTP exchanges of the page:\n  " + String.join("\n  ", exchanges));
                throw failure;
            }
        }
    }

    private void story(BrowserContext context, Page page, String post, Path first, Path second, Path third,
                       Path notAnImage) throws IOException {
        // Nothing in memory, no cookie: the silent refresh fails quietly and the sign-in form shows.
        page.navigate(root.toString());
        assertThat(page.locator("#login-view")).isVisible();
        assertThat(page.locator("#messages")).isEmpty();
        shot(page, "login-form");

        page.getByLabel("Username").fill(StackResource.ADMIN);
        page.getByLabel("Password").fill("not the password");
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#login-error")).hasText("Wrong username or password.");
        shot(page, "login-refused");

        page.getByLabel("Password").fill(StackResource.ADMIN_PASSWORD);
        page.getByLabel("Password").press("Enter"); // keyboard submit
        assertThat(page.locator("#session-user")).hasText(StackResource.ADMIN);
        assertThat(page.locator("#login-view")).isHidden();
        Cookie refreshCookie = refreshCookie(context).orElseThrow(
                () -> new AssertionError("Chromium did not keep the Secure __Host-refresh_token cookie on " + root));
        assertTrue(refreshCookie.httpOnly, "refresh cookie is HttpOnly");
        assertTrue(refreshCookie.secure, "refresh cookie is Secure (and Chromium accepts it on http loopback)");
        assertEquals("/", refreshCookie.path, "a __Host- cookie is for the whole origin");
        Object tokensInStorage = page.evaluate("() => [localStorage, sessionStorage].flatMap(s => Object.keys(s)"
                + ".filter(k => /token/i.test(k) || /eyJ/.test(s.getItem(k) || ''))).length");
        assertEquals(0, ((Number) tokensInStorage).intValue(), "no token in localStorage or sessionStorage");
        shot(page, "signed-in");

        // An invalid post ID is refused in the form; a valid one opens the (empty) post.
        page.getByLabel("Post ID").fill("not valid!");
        page.getByLabel("Post ID").press("Enter");
        assertThat(page.locator("#post-id-error")).containsText("1–64");
        assertThat(page.locator("#post-view")).isHidden();
        page.getByLabel("Post ID").fill(post);
        page.locator("#open-post").click();
        assertThat(page.locator("#post-name")).hasText(post);
        assertThat(page.locator("#gallery-empty")).isVisible();
        shot(page, "empty-post");

        // Two images through Dropzone's own file input (what a drop or the file picker feeds): uploaded one after
        // the other, the first becomes the thumbnail.
        page.setInputFiles("input.dz-hidden-input", new Path[] {first, second});
        Locator images = page.locator("#gallery > li");
        assertThat(images).hasCount(2);
        assertThat(page.locator("#uploads .upload-state")).hasText(new String[] {"Uploaded", "Uploaded"});
        assertThat(images.nth(0).locator(".image-name")).hasText("first.png");
        assertThat(images.nth(1).locator(".image-name")).hasText("second.png");
        assertThat(images.nth(0)).hasClass(Pattern.compile("\\bis-thumbnail\\b"));
        assertThat(images.nth(0).locator(".badge")).isVisible();
        assertThat(images.nth(1)).not().hasClass(Pattern.compile("\\bis-thumbnail\\b"));
        assertThat(images.nth(1).locator(".badge")).isHidden();
        waitForImages(page);
        shot(page, "two-images-uploaded");
        String firstKey = images.nth(0).getAttribute("data-key");
        String secondKey = images.nth(1).getAttribute("data-key");
        assertEquals(firstKey, thumbnailKey(post), "the server agrees on the thumbnail");

        // The server's verdict on a file that is not an image is shown on that file.
        page.setInputFiles("input.dz-hidden-input", notAnImage);
        Locator failed = page.locator("#uploads .upload.dz-error");
        assertThat(failed).hasCount(1);
        assertThat(failed.locator(".upload-error")).containsText("415");
        assertThat(images).hasCount(2);
        shot(page, "upload-refused-415");

        // On a phone-sized screen.
        page.setViewportSize(390, 844);
        shot(page, "phone-layout");
        page.setViewportSize(1280, 900);

        // Switch the thumbnail to the second image.
        images.nth(1).getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Set second.png as thumbnail")).click();
        assertThat(images.nth(1)).hasClass(Pattern.compile("\\bis-thumbnail\\b"));
        assertThat(images.nth(0)).not().hasClass(Pattern.compile("\\bis-thumbnail\\b"));
        assertEquals(secondKey, thumbnailKey(post));
        shot(page, "thumbnail-switched");

        // Delete the first one, confirmed in a dialog (cancel first: nothing happens).
        images.nth(0).locator("button.delete").click();
        assertThat(page.locator("#confirm-dialog")).isVisible();
        assertThat(page.locator("#confirm-message")).containsText("first.png");
        shot(page, "confirm-delete");
        page.keyboard().press("Escape");
        assertThat(page.locator("#confirm-dialog")).isHidden();
        assertThat(images).hasCount(2);
        images.nth(0).locator("button.delete").click();
        page.locator("#confirm-ok").click();
        assertThat(images).hasCount(1);
        assertThat(images.nth(0)).hasAttribute("data-key", secondKey);
        assertThat(images.nth(0)).hasClass(Pattern.compile("\\bis-thumbnail\\b"));
        shot(page, "one-deleted");

        // The access token is refused (here: garbage in memory): the upload gets a 401, the UI refreshes the token
        // from the cookie once and sends the file again, without the user noticing.
        String tokenBefore = accessToken(page);
        exchanges.clear();
        page.evaluate("() => window.__adminUiTestHooks.setAccessToken('garbage.invalid.token')");
        page.setInputFiles("input.dz-hidden-input", third);
        assertThat(images).hasCount(2);
        assertThat(page.locator("#messages")).isEmpty();
        assertEquals(1, count("401 POST /api/posts/" + post + "/images"), exchanges::toString);
        assertEquals(1, count("200 POST /api/auth/refresh"), exchanges::toString);
        assertEquals(1, count("201 POST /api/posts/" + post + "/images"), exchanges::toString);
        String refreshed = accessToken(page);
        assertNotEquals(tokenBefore, refreshed);
        assertNotEquals("garbage.invalid.token", refreshed);

        // An expired access token (its exp in the past) is renewed before the call, so no 401 at all.
        exchanges.clear();
        page.evaluate("t => window.__adminUiTestHooks.setAccessToken(t)", expiredLookingToken());
        images.nth(1).locator("button.set-thumbnail").click();
        assertThat(images.nth(1)).hasClass(Pattern.compile("\\bis-thumbnail\\b"));
        assertThat(page.locator("#messages")).isEmpty();
        assertEquals(1, count("200 POST /api/auth/refresh"), exchanges::toString);
        assertEquals(0, count("401 "), exchanges::toString);
        assertEquals(1, count("200 PUT /api/posts/" + post + "/thumbnail"), exchanges::toString);
        waitForImages(page);
        shot(page, "token-refreshed-silently");

        // Concurrent calls refused with the same token share one refresh, then each is retried once.
        // (From a new client address, as after a network change: keeps this story below the per-IP limit of
        // 10 logins and refreshes a minute.)
        context.setExtraHTTPHeaders(Map.of("X-Forwarded-For", GatewayApi.randomIp()));
        exchanges.clear();
        page.evaluate("() => window.__adminUiTestHooks.setAccessToken('garbage.invalid.token')");
        Object statuses = page.evaluate("() => Promise.all([1, 2, 3].map(() => "
                + "window.__adminUiTestHooks.authFetch('/api/auth/me').then(r => r.status)))");
        assertEquals(List.of(200, 200, 200), statuses, exchanges::toString);
        assertEquals(3, count("401 GET /api/auth/me"), exchanges::toString);
        assertEquals(1, count("200 POST /api/auth/refresh"), exchanges::toString);
        assertEquals(3, count("200 GET /api/auth/me"), exchanges::toString);

        // A reload forgets the in-memory token: the session comes back from the cookie, with the same post open.
        exchanges.clear();
        page.reload();
        assertThat(page.locator("#session-user")).hasText(StackResource.ADMIN);
        assertThat(page.locator("#post-name")).hasText(post);
        assertThat(images).hasCount(2);
        assertEquals(1, count("200 POST /api/auth/refresh"), exchanges::toString);
        waitForImages(page);
        shot(page, "session-restored-after-reload");

        // A second tab restores its session under the refresh lock and shares the new token with the first.
        Page tab = context.newPage();
        watch(tab);
        tab.navigate(root.toString());
        assertThat(tab.locator("#session-user")).hasText(StackResource.ADMIN);
        String tabToken = accessToken(tab);
        page.waitForCondition(() -> tabToken.equals(accessToken(page)));
        tab.close();

        // Delete all, confirmed.
        page.locator("#delete-all").click();
        assertThat(page.locator("#confirm-message")).containsText("Delete all 2 images of post " + post);
        page.locator("#confirm-ok").click();
        assertThat(images).hasCount(0);
        assertThat(page.locator("#gallery-empty")).isVisible();
        client().get("/api/posts/" + post + "/images").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        shot(page, "all-deleted");

        // Log out: back to the form, the cookie's session is gone, and a reload stays signed out.
        page.locator("#logout").click();
        assertThat(page.locator("#login-view")).isVisible();
        assertThat(page.locator("#session")).isHidden();
        page.reload();
        assertThat(page.locator("#login-view")).isVisible();
        assertFalse(refreshCookie(context).isPresent(), "the refresh cookie is cleared");
        shot(page, "signed-out");

        assertEquals(List.of(), problems, "no script errors and no Content-Security-Policy violations");
    }

    // -------------------------------------------------------------------------------------------------------

    /** Decided before the stack starts, so a machine without Chromium does not start it for nothing. */
    static boolean chromiumPresentOrRequired() {
        return Files.isExecutable(chromiumBinary()) || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static Path chromiumBinary() {
        String configured = System.getenv("CHROMIUM_PATH");
        return Path.of(configured != null && !configured.isBlank() ? configured : "/usr/lib/chromium/chromium");
    }

    private static Path chromium() {
        Path binary = chromiumBinary();
        if (!Files.isExecutable(binary)) {
            String reason = "No Chromium at " + binary + ": install Debian's chromium package "
                    + "(apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: the browser test must run)");
            }
            Assumptions.abort(reason);
        }
        return binary;
    }

    private void watch(Page page) {
        page.onPageError(error -> problems.add("page error: " + error));
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy") || message.text().contains("Content-Security-Policy")) {
                problems.add("CSP: " + message.text());
            }
        });
        page.onResponse((Response response) -> {
            String url = response.url();
            String path = url.replaceFirst("^[a-z]+://[^/]+", "");
            if (path.startsWith("/api/")) {
                exchanges.add(response.status() + " " + response.request().method() + " " + path);
                if (path.startsWith("/api/auth/login") || path.startsWith("/api/auth/refresh")) {
                    String body = response.status() == 200 ? response.text() : "";
                    if (body.contains("refreshToken")) {
                        problems.add("a refresh token was readable by the page: " + path);
                    }
                }
            } else if (response.status() >= 400) {
                problems.add(response.status() + " for " + url);
            }
        });
    }

    private long count(String prefix) {
        synchronized (exchanges) {
            return exchanges.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }

    private static String accessToken(Page page) {
        Object token = page.evaluate("() => window.__adminUiTestHooks.accessToken()");
        return token == null ? null : token.toString();
    }

    private static Optional<Cookie> refreshCookie(BrowserContext context) {
        return context.cookies().stream().filter(c -> c.name.equals("__Host-refresh_token")).findFirst();
    }

    private static String thumbnailKey(String post) {
        List<Map<String, Object>> list = client().get("/api/posts/" + post + "/images").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return list.stream().filter(i -> Boolean.TRUE.equals(i.get("thumbnail")))
                .map(i -> (String) i.get("key")).findFirst().orElse(null);
    }

    /** A JWT-shaped token whose exp lies in the past: the UI must renew it before using it. */
    private static String expiredLookingToken() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = encoder.encodeToString(
                "{\"upn\":\"gw-admin\",\"groups\":[\"admin\",\"user\"],\"exp\":1000}".getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".c2lnbmF0dXJl";
    }

    /** Waits until every gallery thumbnail has loaded, so screenshots show them. */
    private static void waitForImages(Page page) {
        page.waitForFunction("() => [...document.querySelectorAll('#gallery img')].every(i => i.complete && i.naturalWidth > 0)");
    }

    private void shot(Page page, String name) {
        step++;
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(String.format("%02d-%s.png", step, name))).setFullPage(true));
    }

    private static Path png(Path file, int width, int height, Color color) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.WHITE);
        graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
