package org.alexnetstudio.ui.lab;

import java.util.List;

/**
 * What a check found: each requirement done or missing, a discussion of the student's own numbers
 * for the parts that are done, and (exercise 3) the table of runs by batch size.
 */
public record Verdict(Exercise exercise, List<Finding> findings, List<Msg> discussion, List<BatchRow> batches) {

    public Verdict {
        findings = List.copyOf(findings);
        discussion = List.copyOf(discussion);
        batches = List.copyOf(batches);
    }

    /** Every requirement is met. */
    public boolean passed() {
        return !findings.isEmpty() && findings.stream().allMatch(Finding::done);
    }

    public long missing() {
        return findings.stream().filter(f -> !f.done()).count();
    }
}
