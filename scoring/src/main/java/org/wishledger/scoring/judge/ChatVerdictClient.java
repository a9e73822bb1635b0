package org.wishledger.scoring.judge;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * Asks an OpenAI-compatible {@code /v1/chat/completions} endpoint one constrained question and turns the answer into
 * a verdict in [-1, 1]. One output token at temperature 0 with {@code logprobs}/{@code top_logprobs}: the verdict is
 * {@code (P(first) - P(second)) / (P(first) + P(second))} over the two allowed answers among the top tokens (vLLM,
 * llama.cpp's server and Ollama return them); a server without logprobs gives the plain answer, +-1. Anything else
 * is a {@link JudgeException.Code#JUDGE_BAD_ANSWER}. Timeouts, connection errors, 429 and 5xx are retried with
 * exponential backoff; other HTTP errors are not (a 400 will not get better).
 */
final class ChatVerdictClient {
    private final HttpClient http;
    private final URI endpoint;
    private final LlmJudgeConfig config;

    ChatVerdictClient(LlmJudgeConfig config) {
        this.config = config;
        this.endpoint = URI.create(config.url().toString().replaceAll("/+$", "") + "/v1/chat/completions");
        this.http = HttpClient.newBuilder().connectTimeout(config.deadline()).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The question and the two answers it allows, e.g. ("A", "B") or ("Yes", "No"). */
    record Question(String system, String user, String first, String second) {
    }

    float ask(Question q) {
        String body = requestBody(q);
        JudgeException last = null;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                sleep(config.backoff().toMillis() << (attempt - 1));
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(config.deadline())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (config.apiKey() != null && !config.apiKey().isEmpty()) {
                req.header("Authorization", "Bearer " + config.apiKey());
            }
            try {
                HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                int status = resp.statusCode();
                if (status == 200) {
                    return parse(resp.body(), q);
                }
                last = new JudgeException(JudgeException.Code.JUDGE_UNAVAILABLE,
                        "judge server answered HTTP " + status + ": " + abbreviate(resp.body()));
                if (status != 429 && status < 500) {
                    throw last;
                }
            } catch (HttpTimeoutException e) {
                last = new JudgeException(JudgeException.Code.JUDGE_TIMEOUT,
                        "judge server gave no answer within " + config.deadline().toMillis() + " ms", e);
            } catch (IOException e) {
                last = new JudgeException(JudgeException.Code.JUDGE_UNAVAILABLE,
                        "cannot reach the judge server at " + endpoint + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JudgeException(JudgeException.Code.JUDGE_UNAVAILABLE, "interrupted", e);
            }
        }
        throw last;
    }

    private String requestBody(Question q) {
        JsonObject o = new JsonObject();
        o.addProperty("model", config.model());
        JsonArray messages = new JsonArray();
        messages.add(message("system", q.system()));
        messages.add(message("user", q.user()));
        o.add("messages", messages);
        o.addProperty("max_tokens", 1);
        o.addProperty("temperature", 0);
        o.addProperty("logprobs", true);
        o.addProperty("top_logprobs", 10);
        return o.toString();
    }

    private static JsonObject message(String role, String content) {
        JsonObject m = new JsonObject();
        m.addProperty("role", role);
        m.addProperty("content", content);
        return m;
    }

    /** The verdict from a chat-completions answer; package-private for tests. */
    static float parse(String body, Question q) {
        try {
            JsonObject choice = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("choices").get(0)
                    .getAsJsonObject();
            JsonElement logprobs = choice.get("logprobs");
            if (logprobs != null && logprobs.isJsonObject() && logprobs.getAsJsonObject().has("content")) {
                JsonArray content = logprobs.getAsJsonObject().getAsJsonArray("content");
                if (!content.isEmpty()) {
                    JsonArray top = content.get(0).getAsJsonObject().getAsJsonArray("top_logprobs");
                    double first = 0;
                    double second = 0;
                    for (JsonElement t : top) {
                        JsonObject tok = t.getAsJsonObject();
                        String token = normal(tok.get("token").getAsString());
                        double p = Math.exp(tok.get("logprob").getAsDouble());
                        if (token.equals(normal(q.first()))) {
                            first += p;
                        } else if (token.equals(normal(q.second()))) {
                            second += p;
                        }
                    }
                    if (first + second > 0) {
                        return (float) ((first - second) / (first + second));
                    }
                }
            }
            JsonElement msg = choice.getAsJsonObject("message").get("content");
            String raw = msg == null || msg.isJsonNull() ? "" : msg.getAsString();
            String answer = normal(raw);
            if (!answer.isEmpty() && normal(q.first()).startsWith(answer)) {
                return 1f;
            }
            if (!answer.isEmpty() && normal(q.second()).startsWith(answer)) {
                return -1f;
            }
            throw new JudgeException(JudgeException.Code.JUDGE_BAD_ANSWER, "judge answered '" + abbreviate(raw)
                    + "', expected " + q.first() + " or " + q.second());
        } catch (RuntimeException e) {
            if (e instanceof JudgeException je) {
                throw je;
            }
            throw new JudgeException(JudgeException.Code.JUDGE_BAD_ANSWER,
                    "judge answer is not a chat completion: " + abbreviate(body), e);
        }
    }

    private static String normal(String token) {
        return token.strip().replaceAll("[^A-Za-z]", "").toUpperCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JudgeException(JudgeException.Code.JUDGE_UNAVAILABLE, "interrupted", e);
        }
    }
}
