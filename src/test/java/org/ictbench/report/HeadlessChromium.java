package org.ictbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket on 127.0.0.1 at a port
 * the browser picks): opens a page, records every request the page makes and every console or
 * security message, evaluates expressions in it and takes screenshots. A fresh profile in a temp
 * folder, no sandbox (tests run as root), background networking off.
 */
final class HeadlessChromium implements AutoCloseable {
  /** The Debian package that provides the browser. */
  static final String PACKAGE = "chromium";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();
  private String session;

  /** The browser on the PATH ({@code chromium}, as Debian installs it), if any. */
  static Optional<Path> executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts the browser with a fresh profile in {@code profile} and opens an empty tab. */
  static HeadlessChromium start(Path exe, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Process p = new ProcessBuilder(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--mute-audio", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "--window-size=1100,900", "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IOException("Chromium did not start (see " + profile.resolve("chromium.log") + "): "
            + Files.readString(profile.resolve("chromium.log")));
      }
      Thread.sleep(100);
    }
    try {
      return connect(p, Files.readAllLines(portFile));
    } catch (RuntimeException e) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // a browser we cannot drive is not left running
      throw e;
    }
  }

  private static HeadlessChromium connect(Process p, List<String> port) {
    URI ws = URI.create("ws://127.0.0.1:" + port.get(0).trim() + port.get(1).trim());
    HeadlessChromium[] self = new HeadlessChromium[1];
    StringBuilder frame = new StringBuilder();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        frame.append(data);
        if (last) {
          String text = frame.toString();
          frame.setLength(0);
          self[0].receive(text);
        }
        webSocket.request(1);
        return null;
      }
    }).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    HeadlessChromium c = new HeadlessChromium(p, socket);
    self[0] = c;
    String target = c.call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
    c.session = c.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
        .get("sessionId").asText();
    for (String domain : List.of("Page", "Network", "Log", "Runtime")) {
      c.call(domain + ".enable", Map.of());
    }
    return c;
  }

  private void receive(String text) {
    try {
      JsonNode msg = JSON.readTree(text);
      if (msg.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
        if (f != null) {
          if (msg.has("error")) {
            f.completeExceptionally(new IOException("DevTools error: " + msg.get("error")));
          } else {
            f.complete(msg.get("result"));
          }
        }
      } else {
        synchronized (events) {
          events.add(msg);
          events.notifyAll();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Unreadable DevTools message: " + text, e);
    }
  }

  /** Calls a method in the page's session. */
  JsonNode call(String method, Map<String, ?> params) {
    return call(session, method, params);
  }

  private JsonNode call(String sessionId, String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      msg.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(msg.toString(), true).join();
    return f.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** Opens a page and waits for its load event. */
  void open(String url) throws InterruptedException {
    call("Page.navigate", Map.of("url", url));
    awaitEvent(e -> "Page.loadEventFired".equals(e.path("method").asText()));
  }

  private void awaitEvent(Predicate<JsonNode> p) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    synchronized (events) {
      while (events.stream().noneMatch(p)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IllegalStateException("No such DevTools event within " + TIMEOUT + "; events: " + events);
        }
        events.wait(left);
      }
    }
  }

  /** Every event so far with the given method name. */
  List<JsonNode> events(String method) {
    synchronized (events) {
      return events.stream().filter(e -> method.equals(e.path("method").asText())).map(e -> e.get("params")).toList();
    }
  }

  /** The URLs of every request the page made (Network.requestWillBeSent), the page itself included. */
  List<String> requests() {
    return events("Network.requestWillBeSent").stream().map(e -> e.at("/request/url").asText()).toList();
  }

  /** Evaluates a JavaScript expression in the page and returns its value (as JSON). */
  JsonNode eval(String expression) {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("Evaluating " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.at("/result/value");
  }

  /** A PNG of the page from y = {@code top}, {@code height} CSS pixels tall, at the window's width. */
  byte[] screenshot(int top, int height) {
    int width = eval("document.documentElement.scrollWidth").asInt();
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", top, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode(r.get("data").asText());
  }

  /** Lets downloads of the page go to {@code dir}. */
  void allowDownloads(Path dir) {
    call(null, "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toString(),
        "eventsEnabled", true));
  }

  @Override
  public void close() throws InterruptedException {
    try {
      call(null, "Browser.close", Map.of());
    } catch (RuntimeException ignored) {
      // the browser may close the socket before it answers
    }
    socket.abort();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Screenshots of a written report for people to look at: {@code page.html out.png [top height]}
   * (CSS pixels; default: the first 2600).
   */
  public static void main(String[] args) throws Exception {
    Path exe = executable().orElseThrow(() -> new IllegalStateException("install the Debian package " + PACKAGE));
    Path profile = Files.createTempDirectory("chromium-profile");
    try (HeadlessChromium c = start(exe, profile)) {
      c.open(Path.of(args[0]).toAbsolutePath().toUri().toString());
      int top = args.length > 2 ? Integer.parseInt(args[2]) : 0;
      int height = args.length > 3 ? Integer.parseInt(args[3]) : 2600;
      Files.write(Path.of(args[1]), c.screenshot(top, height));
      System.out.println(new String(JSON.writeValueAsBytes(c.requests()), StandardCharsets.UTF_8));
    }
  }
}
