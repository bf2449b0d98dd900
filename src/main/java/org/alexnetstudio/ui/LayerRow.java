package org.alexnetstudio.ui;

import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.ShapeError;

/**
 * One line of the layer table, already formatted: what the view shows for a layer.
 *
 * @param status      OK, ERROR (the first failing layer) or UNKNOWN (after an error: "?")
 * @param output      {@code 96×54×54}, {@code 6400}, {@code ?} or {@code ✗}
 * @param derivation  how the output was computed (tooltip), empty unless OK
 * @param error       the teaching error of the first failing layer, else null
 */
public record LayerRow(int index, String kind, String settings, Status status, String output,
                       String parameters, String macs, String memory, String derivation,
                       ShapeError error, LayerReport report) {

    public enum Status { OK, ERROR, UNKNOWN }
}
