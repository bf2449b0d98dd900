package org.alexnetstudio.train;

/**
 * What a training run of one network needs on one backend, in bytes (see {@link MemoryEstimate}).
 *
 * @param parameterBytes   weights + gradients + momentum buffers + the last-good-epoch copy
 * @param activationBytes  buffers that hold a fixed number of values per example (they grow with the batch)
 * @param workspaceBytes   what the libraries allocate inside the ops, and buffers of a fixed size
 */
public record MemoryUse(long parameterBytes, long activationBytes, long workspaceBytes) {
}
