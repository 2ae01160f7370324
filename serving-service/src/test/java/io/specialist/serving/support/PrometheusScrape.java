package io.specialist.serving.support;

import static io.restassured.RestAssured.given;

/** Reads a counter or gauge from the service's own {@code /q/metrics}. */
public final class PrometheusScrape {

    private PrometheusScrape() {
    }

    /** Sum of the samples of {@code name} whose label set contains every one of {@code labels} ({@code key="value"}). */
    public static double value(String name, String... labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
