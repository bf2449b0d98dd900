package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SmokeCommandTest {

    @Test
    void trainsOneBatchOfTheDefaultModelOnTheBundledSample() {
        StringWriter text = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(text));
        int code = cl.execute("smoke");
        String out = text.toString();
        assertEquals(0, code, out);
        assertTrue(out.contains("46,764,746 parameters"), out);
        assertTrue(out.contains("SAMPLE"), out);
        assertTrue(out.matches("(?s).*one batch of 8 at 224×224 trained, loss \\d+\\.\\d{3}.*"), out);
        assertTrue(out.contains("smoke: ok"), out);
    }
}
