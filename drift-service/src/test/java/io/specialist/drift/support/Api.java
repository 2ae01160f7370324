package io.specialist.drift.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** REST and metrics reads for assertions. */
public final class Api {

    private Api() {
    }

    /** GET /v1/drift/{domain} as JSON, or null while the domain is unknown (404). */
    public static JsonPath domain(String domain) {
        Response r = given().when().get("/v1/drift/{d}", domain);
        return r.statusCode() == 404 ? null : r.then().statusCode(200).extract().jsonPath();
    }

    public static long documents(String domain) {
        JsonPath json = domain(domain);
        return json == null ? 0 : json.getLong("documents");
    }

    /** Sum of a Prometheus counter's samples whose label text contains all {@code labels}. */
    public static double metric(String name, String... labels) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean all = true;
                for (String label : labels) {
                    all &= line.contains(label);
                }
                if (all) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }
}
