package io.specialist.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code helm template}, parsed with fabric8 into typed objects (built-in kinds) or
 * {@code GenericKubernetesResource} (KafkaTopic, ServiceMonitor), each with the template it came from.
 */
record Rendered(String text, List<Manifest> manifests) {

    /** One rendered object and the chart template file that produced it. */
    record Manifest(String template, HasMetadata object) {
    }

    private static final Pattern SOURCE = Pattern.compile("^# Source: [^/]+/templates/(\\S+)$", Pattern.MULTILINE);

    static Rendered parse(String text) {
        List<Manifest> manifests = new ArrayList<>();
        for (String document : text.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Matcher source = SOURCE.matcher(document);
            String template = source.find() ? source.group(1) : "?";
            HasMetadata object = Serialization.unmarshal(document, HasMetadata.class);
            manifests.add(new Manifest(template, object));
        }
        return new Rendered(text, List.copyOf(manifests));
    }

    List<HasMetadata> objects() {
        return manifests.stream().map(Manifest::object).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects().stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> ofKind(String kind) {
        return objects().stream().filter(object -> kind.equals(object.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "No " + type.getSimpleName() + " named " + name + " in the rendered chart; found "
                        + all(type).stream().map(o -> o.getMetadata().getName()).toList()));
    }

    /** The resource name of a component, e.g. specialist-serving for the release "specialist". */
    static String name(String component) {
        return HelmChart.RELEASE + "-" + component;
    }

    Deployment deployment(String component) {
        return get(Deployment.class, name(component));
    }

    Container container(String component) {
        return deployment(component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /**
     * The environment a component's container starts with: the ConfigMaps it loads (envFrom) with the
     * values they hold, then its env list (values, or "secret:name/key" for secret references).
     */
    Map<String, String> environment(String component) {
        Container container = container(component);
        Map<String, String> environment = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            container.getEnvFrom().forEach(source -> {
                if (source.getConfigMapRef() == null) {
                    throw new AssertionError("Unexpected envFrom source " + source + " in " + component);
                }
                ConfigMap configMap = get(ConfigMap.class, source.getConfigMapRef().getName());
                configMap.getData().forEach(environment::put);
            });
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                String value = variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null
                        ? "secret:" + variable.getValueFrom().getSecretKeyRef().getName()
                                + "/" + variable.getValueFrom().getSecretKeyRef().getKey()
                        : variable.getValue();
                if (environment.put(variable.getName(), value) != null) {
                    throw new AssertionError("Env var " + variable.getName() + " of " + component
                            + " is set twice (ConfigMap and env); one silently wins");
                }
            }
        }
        return environment;
    }
}
