package org.wishledger.node.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;

/**
 * The layout logback.xml uses: text or json as its {@code format} property says (filled from the
 * {@value LogFormat#PROPERTY} system property). One appender with a switchable layout rather than two
 * appenders, because logback warns about (and then prints its whole status on) an unused appender.
 */
public final class FormatLayout extends LayoutBase<ILoggingEvent> {
    private Layout<ILoggingEvent> delegate = new TextLineLayout();

    /** Called by logback with the config's {@code <format>}; an unknown name is a config error. */
    public void setFormat(String format) {
        delegate = switch (LogFormat.parse(format)) {
            case TEXT -> new TextLineLayout();
            case JSON -> new JsonLineLayout();
        };
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return delegate.doLayout(event);
    }
}
