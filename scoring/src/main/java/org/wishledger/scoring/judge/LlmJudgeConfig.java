package org.wishledger.scoring.judge;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an OpenAI-compatible chat-completions server (vLLM, llama.cpp's server, Ollama) and how hard to try.
 *
 * @param url            base URL, e.g. {@code http://127.0.0.1:8000} ({@code /v1/chat/completions} is appended)
 * @param model          the served model's name (recorded in every result and in the cache key)
 * @param apiKey         bearer token, or null (read from an environment variable by the caller, never stored)
 * @param maxConcurrent  requests in flight at once (the bound of the worker pool)
 * @param deadline       per HTTP request
 * @param retries        further attempts after a timeout, a connection error, HTTP 429 or 5xx
 * @param backoff        wait before the first retry; doubled for each further one
 * @param maxWishes      at most this many admitted wishes (the most similar) are asked per response: each is one
 *                       request, so this bounds the cost of a response
 */
public record LlmJudgeConfig(URI url, String model, String apiKey, int maxConcurrent, Duration deadline, int retries,
                             Duration backoff, int maxWishes) {
    /** Version of the question asked (part of the judge id and the cache key: another wording, other answers). */
    public static final String PROMPT_VERSION = "ab-v1";

    public LlmJudgeConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(model, "model");
        if (maxConcurrent < 1 || retries < 0 || maxWishes < 1) {
            throw new IllegalArgumentException("maxConcurrent and maxWishes must be >= 1, retries >= 0");
        }
        if (deadline.isNegative() || deadline.isZero() || backoff.isNegative()) {
            throw new IllegalArgumentException("deadline must be > 0 and backoff >= 0");
        }
    }

    public static LlmJudgeConfig defaults(URI url, String model, String apiKey) {
        return new LlmJudgeConfig(url, model, apiKey, 8, Duration.ofSeconds(30), 2, Duration.ofMillis(200), 16);
    }
}
