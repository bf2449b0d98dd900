package org.alexnetstudio.ui;

import org.alexnetstudio.model.NetworkSpec;

/**
 * One undoable edit of the network: a command object holding the spec before and after (specs are
 * immutable values, so undo and redo are exact) and what the student would call it.
 *
 * @param description e.g. "Change kernel of Conv2d #3 from 3 to 5"
 * @param mergeKey    consecutive edits with the same non-null key (typing digits, spinning) become one
 */
public record Edit(String description, NetworkSpec before, NetworkSpec after,
                   int selectionBefore, int selectionAfter, String mergeKey) {
}
