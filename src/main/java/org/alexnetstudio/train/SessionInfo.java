package org.alexnetstudio.train;

/**
 * @param device      {@code cpu} or {@code cuda:0}, as the book prints it
 * @param backend     e.g. {@code ND4J CPU backend on cpu (2 cores, ONEDNN, OPENBLAS, 2 threads)}
 * @param dataset     where the images came from
 * @param specSummary e.g. {@code 21 layers, 46,764,746 parameters, input 1×224×224}
 * @param firstEpoch  1, or later when resuming from a checkpoint
 */
public record SessionInfo(String device, String backend, String dataset, String specSummary, long parameters,
                          int trainSize, int testSize, int firstEpoch, TrainingConfig config) {
}
