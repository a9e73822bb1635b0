package org.wishledger.scoring.judge;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an LLM server, for tests and for trying {@code --judge-url} on a machine without a model: speaks
 * the OpenAI chat-completions protocol on 127.0.0.1 and answers {@link LlmJudge}'s questions by word overlap (the
 * behaviour sharing more words with the response wins, with probability 0.9) in the same JSON, logprobs included.
 * It is not a judge of quality; it exercises the real client: HTTP, JSON, logprobs, deadlines, retries, errors.
 * {@link #behaviour} switches it to answering slowly, with nonsense, or with HTTP 503.
 */
public final class ChatStandInServer implements AutoCloseable {
    public enum Behaviour { ANSWER, NO_LOGPROBS, SLOW, MALFORMED, UNAVAILABLE }

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private volatile int failuresLeft;
    private volatile long slowMs = 2_000;

    public ChatStandInServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "chat-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void behaviour(Behaviour b) {
        this.behaviour = b;
    }

    /** The next {@code n} requests fail with 503, then it answers normally (to test retries). */
    public void failNext(int n) {
        this.failuresLeft = n;
    }

    public void slowMs(long ms) {
        this.slowMs = ms;
    }

    public int requests() {
        return requests.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Behaviour b = behaviour;
            if (failuresLeft > 0) {
                failuresLeft--;
                b = Behaviour.UNAVAILABLE;
            }
            switch (b) {
                case UNAVAILABLE -> send(ex, 503, "{\"error\":\"overloaded\"}");
                case MALFORMED -> send(ex, 200, completion("Perhaps", null, 0));
                case SLOW -> {
                    sleep(slowMs);
                    send(ex, 200, answer(body, true));
                }
                case NO_LOGPROBS -> send(ex, 200, answer(body, false));
                case ANSWER -> {
                    sleep(20); // a little latency, so concurrent requests overlap
                    send(ex, 200, answer(body, true));
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static String answer(String requestBody, boolean logprobs) {
        JsonObject req = JsonParser.parseString(requestBody).getAsJsonObject();
        JsonArray messages = req.getAsJsonArray("messages");
        String user = messages.get(messages.size() - 1).getAsJsonObject().get("content").getAsString();
        String response = section(user, "The assistant's response:\n", "\n\n");
        String first;
        String second;
        double overlapFirst;
        double overlapSecond;
        if (user.contains("Behaviour A:\n")) {
            first = "A";
            second = "B";
            overlapFirst = overlap(response, section(user, "Behaviour A:\n", "\n\nBehaviour B:"));
            overlapSecond = overlap(response, section(user, "Behaviour B:\n", "\n\nConversation so far:"));
        } else {
            first = "Yes";
            second = "No";
            overlapFirst = overlap(response, section(user, "Behaviour they asked for:\n", "\n\nConversation so far:"));
            overlapSecond = 0.5;
        }
        String winner = overlapFirst >= overlapSecond ? first : second;
        String loser = winner.equals(first) ? second : first;
        return completion(winner, logprobs ? loser : null, 0.9);
    }

    private static String completion(String token, String other, double p) {
        JsonObject choice = new JsonObject();
        choice.addProperty("index", 0);
        JsonObject msg = new JsonObject();
        msg.addProperty("role", "assistant");
        msg.addProperty("content", token);
        choice.add("message", msg);
        if (other != null) {
            JsonArray top = new JsonArray();
            top.add(tok(token, Math.log(p)));
            top.add(tok(other, Math.log(1 - p)));
            JsonObject c0 = tok(token, Math.log(p));
            c0.add("top_logprobs", top);
            JsonArray content = new JsonArray();
            content.add(c0);
            JsonObject lp = new JsonObject();
            lp.add("content", content);
            choice.add("logprobs", lp);
        }
        choice.addProperty("finish_reason", "length");
        JsonArray choices = new JsonArray();
        choices.add(choice);
        JsonObject o = new JsonObject();
        o.addProperty("object", "chat.completion");
        o.addProperty("model", "stand-in");
        o.add("choices", choices);
        return o.toString();
    }

    private static JsonObject tok(String token, double logprob) {
        JsonObject t = new JsonObject();
        t.addProperty("token", token);
        t.addProperty("logprob", logprob);
        return t;
    }

    private static String section(String text, String start, String end) {
        int a = text.indexOf(start);
        if (a < 0) {
            return "";
        }
        a += start.length();
        int b = text.indexOf(end, a);
        return b < 0 ? text.substring(a) : text.substring(a, b);
    }

    /** Share of the behaviour's words that appear in the response. */
    private static double overlap(String response, String behaviour) {
        Set<String> r = words(response);
        Set<String> b = words(behaviour);
        if (b.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String w : b) {
            shared += r.contains(w) ? 1 : 0;
        }
        return (double) shared / b.size();
    }

    private static Set<String> words(String s) {
        Set<String> out = new HashSet<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (w.length() > 2) {
                out.add(w);
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
