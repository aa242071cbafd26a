package ai.hamu.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven through the DevTools protocol (a WebSocket, JDK client only):
 * opens a page, records every script exception, console or log error and network request while it
 * loads, then evaluates an expression in the page. Started with a fresh profile and without any
 * background networking.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** What loading a page produced. */
  public record PageLoad(JsonNode value, List<String> errors, List<String> requests) {}

  private static final long WAIT_SECONDS = 60;
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  private HeadlessChromium(Process process, URI endpoint) {
    this.process = process;
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(endpoint, new Receiver())
            .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
            .join();
  }

  /**
   * The browser binary: {@code $HAMU_CHROMIUM}, else chromium, chromium-browser or google-chrome on
   * the PATH.
   */
  public static Optional<Path> binary() {
    String configured = System.getenv("HAMU_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts {@code binary} headless with the fresh profile directory {@code profile}. */
  public static HeadlessChromium start(Path binary, Path profile) throws IOException {
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    CompletableFuture<URI> endpoint = new CompletableFuture<>();
    StringBuilder log = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                  synchronized (log) {
                    log.append(line).append('\n');
                  }
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    endpoint.complete(URI.create(m.group(1)));
                  }
                }
              } catch (IOException e) {
                endpoint.completeExceptionally(e);
              }
              endpoint.completeExceptionally(
                  new IOException("chromium exited without a DevTools endpoint"));
            },
            "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return new HeadlessChromium(
          process, endpoint.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
    } catch (RuntimeException e) {
      process.destroyForcibly();
      synchronized (log) {
        throw new IOException("cannot start " + binary + ": " + e.getMessage() + "\n" + log, e);
      }
    }
  }

  /**
   * Opens {@code page} in a new tab, waits for its load event, then evaluates {@code expression}
   * (by value).
   */
  public PageLoad load(Path page, String expression) {
    String target =
        call("Target.createTarget", params("url", "about:blank"), null).path("targetId").asText();
    ObjectNode attach = params("targetId", target);
    attach.put("flatten", true);
    String session = call("Target.attachToTarget", attach, null).path("sessionId").asText();
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      call(domain + ".enable", json.createObjectNode(), session);
    }
    events.clear();
    call("Page.navigate", params("url", page.toUri().toString()), session);
    List<String> errors = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    boolean loaded = false;
    while (!loaded) {
      JsonNode event;
      try {
        event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading " + page, e);
      }
      if (event == null) {
        throw new IllegalStateException(
            "no load event from " + page + " within " + WAIT_SECONDS + " s");
      }
      if (!session.equals(event.path("sessionId").asText())) {
        continue;
      }
      JsonNode p = event.path("params");
      switch (event.path("method").asText()) {
        case "Page.loadEventFired" -> loaded = true;
        case "Runtime.exceptionThrown" ->
            errors.add(
                "exception: "
                    + p.path("exceptionDetails")
                        .path("exception")
                        .path("description")
                        .asText(p.path("exceptionDetails").path("text").asText()));
        case "Runtime.consoleAPICalled" -> {
          String type = p.path("type").asText();
          if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
            errors.add("console." + type + ": " + p.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          String level = p.path("entry").path("level").asText();
          if (level.equals("error") || level.equals("warning")) {
            errors.add("log " + level + ": " + p.path("entry").path("text").asText());
          }
        }
        case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
        default -> {}
      }
    }
    ObjectNode evaluate = params("expression", expression);
    evaluate.put("returnByValue", true);
    JsonNode result = call("Runtime.evaluate", evaluate, session);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "the check expression failed: " + result.path("exceptionDetails"));
    }
    call("Target.closeTarget", params("targetId", target), null);
    return new PageLoad(result.path("result").path("value"), errors, requests);
  }

  @Override
  public void close() {
    try {
      call("Browser.close", json.createObjectNode(), null);
    } catch (RuntimeException ignored) {
      // the process is ended below either way
    }
    try {
      if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private ObjectNode params(String key, String value) {
    ObjectNode node = json.createObjectNode();
    node.put(key, value);
    return node;
  }

  private JsonNode call(String method, ObjectNode params, String session) {
    int id = ids.incrementAndGet();
    ObjectNode message = json.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(message.toString(), true).join();
    JsonNode reply = answer.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.path("error"));
    }
    return reply.path("result");
  }

  /** Reassembles protocol messages; answers complete their call, everything else is an event. */
  private final class Receiver implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = json.readTree(partial.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          } else {
            events.add(message);
          }
        } catch (IOException e) {
          throw new IllegalStateException("unreadable DevTools message: " + partial, e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
