package dev.vnvdimm.harness.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.wire.QmpClient;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * QMP commands a scenario sends knowing they may be refused (a hot-add, an unplug, a {@code migrate-incoming}),
 * and how the last one ended, for the steps that check it ({@link QmpSteps}). One per scenario.
 */
public final class QmpAttempts {
    private final RunningInstances instances;
    /** The last refusal: its class and text; null when the last command was accepted. */
    private QmpClient.QmpException refusal;
    private boolean attempted;

    public QmpAttempts(RunningInstances instances) {
        this.instances = instances;
    }

    /** Sends {@code command}; a refusal must be accepted by every caller: it fails the step. */
    void send(String machine, String command, ObjectNode args) throws IOException {
        ReportAttachments.text("QMP " + command + " on the " + machine, args.toPrettyString());
        instances.get(machine).qmp().execute(command, args);
    }

    /** Starts a series of commands that may be refused: nothing is refused yet. */
    void begin() {
        attempted = true;
        refusal = null;
    }

    /** Sends {@code command} and remembers whether it was refused; true when it was accepted. */
    boolean attempt(String machine, String command, ObjectNode args) {
        attempted = true;
        try {
            send(machine, command, args);
            refusal = null;
            return true;
        } catch (QmpClient.QmpException e) {
            refusal = e;
            ReportAttachments.text("QMP refused " + command, e.errorClass() + ": " + e.getMessage());
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean attempted() {
        return attempted;
    }

    QmpClient.QmpException refusal() {
        return refusal;
    }
}
