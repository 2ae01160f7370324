package io.specialist.helm;

import java.util.Map;
import java.util.function.Supplier;

/** The value sets the chart is rendered with in the tests: what users install with. */
enum ValueSets {

    /** values.yaml as shipped. */
    DEFAULTS(() -> HelmChart.template()),
    /** helm/examples/values-production.yaml: Strimzi over TLS, managed PostgreSQL, runner=kubernetes. */
    PRODUCTION(() -> HelmChart.template(HelmChart.example("values-production.yaml"))),
    /** Defaults with training as Kubernetes Jobs. */
    KUBERNETES_RUNNER(() -> HelmChart.template(Map.of("trainer.runner", "kubernetes")));

    private final Supplier<Rendered> render;
    private Rendered rendered;

    ValueSets(Supplier<Rendered> render) {
        this.render = render;
    }

    /** Rendered once per test run: every test reads the same output. */
    synchronized Rendered rendered() {
        if (rendered == null) {
            rendered = render.get();
        }
        return rendered;
    }
}
