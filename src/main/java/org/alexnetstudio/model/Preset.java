package org.alexnetstudio.model;

/**
 * A ready-made network with the recipe it is meant to be trained with.
 *
 * @param id           short name used by the CLI ({@code --preset alexnet})
 * @param title        display name
 * @param description  for students: what it is and where it comes from
 */
public record Preset(String id, String title, String description, NetworkSpec spec, TrainingRecipe recipe) {
}
