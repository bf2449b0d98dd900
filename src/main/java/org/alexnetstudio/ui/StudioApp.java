package org.alexnetstudio.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The AlexNet Studio window. */
public class StudioApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(StudioApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("AlexNet Studio");
        stage.setScene(new Scene(new BorderPane(new Label("AlexNet Studio")), 1200, 800));
        stage.show();
    }
}
