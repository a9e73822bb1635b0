package org.wishledger.node.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The two log formats of every wishledger process, chosen with {@code --log-format text|json}: one
 * line per event either way. {@code text} is {@code time level logger message key=value ...}
 * ({@link TextLineLayout}), {@code json} one JSON object per line ({@link JsonLineLayout}). logback.xml's
 * one appender writes through {@link FormatLayout}, which the system property {@value #PROPERTY} sets.
 */
public enum LogFormat {
    TEXT, JSON;

    public static final String PROPERTY = "wishledger.log.format";

    /** @throws IllegalArgumentException naming the accepted values */
    public static LogFormat parse(String name) {
        for (LogFormat f : values()) {
            if (f.label().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown log format '" + name + "' (expected text or json)");
    }

    /** The name on the command line and in node.json. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Switches this process to the format: sets {@value #PROPERTY} and re-reads the Logback config
     * (logback.configurationFile if given, else logback.xml on the class path). A process whose SLF4J
     * provider is not Logback (a test with another binding) keeps its logging as it is.
     */
    public void apply() {
        if (label().equals(System.getProperty(PROPERTY, TEXT.label()))) {
            return; // logback.xml was read with this format already: skip a second parse at every start
        }
        System.setProperty(PROPERTY, label());
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        URL config = configFile();
        if (config == null) {
            return;
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot read the logging config " + config + ": " + e.getMessage(), e);
        }
    }

    private static URL configFile() {
        String explicit = System.getProperty("logback.configurationFile");
        if (explicit != null) {
            try {
                return java.nio.file.Path.of(explicit).toUri().toURL();
            } catch (java.net.MalformedURLException | java.nio.file.InvalidPathException e) {
                return null;
            }
        }
        return LogFormat.class.getResource("/logback.xml");
    }
}
