package io.specialist.helm;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;

import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service reads, taken from its sources at test time so the chart is checked
 * against the code as it is now: the {@code @ConfigMapping} interfaces (groups, {@code @WithName},
 * {@code @WithParentName}, kebab-case method names), {@code @ConfigProperty(name=...)} injections, and
 * the keys of {@code src/main/resources/application.properties} (profile-less).
 *
 * @param module      the service's Maven module, e.g. trainer-service
 * @param mappedKeys  key -> its declaration; a key ending in ".*" is a map whose entries the service
 *                    reads by any name
 * @param properties  the profile-less application.properties entries
 * @param pom         the service's pom.xml text (which extensions it has)
 */
record ServiceConfig(String module, Map<String, ConfigKey> mappedKeys, Map<String, String> properties, String pom) {

    /**
     * One key the service reads.
     *
     * @param declaredIn   file and member, for messages
     * @param defaultValue the {@code @WithDefault} (or {@code @ConfigProperty defaultValue}), null when none
     * @param doc          the first sentence of the Javadoc, empty when none
     * @param type         the Java type as written
     */
    record ConfigKey(String name, String declaredIn, String defaultValue, String doc, String type) {
    }

    private static final Pattern TOPIC_KEY = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topic$");

    private static final Map<Path, ServiceConfig> SCANNED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The configuration of a service of this repository, scanned once per test run. */
    static ServiceConfig of(String component) {
        Path module = HelmChart.repository().resolve(component + "-service");
        return SCANNED.computeIfAbsent(module, m -> scan(HelmChart.repository(), component + "-service"));
    }

    static ServiceConfig scan(Path repository, String module) {
        Path moduleDir = repository.resolve(module);
        if (!Files.isDirectory(moduleDir)) {
            throw new IllegalStateException("No module " + moduleDir + " to read configuration keys from");
        }
        Map<String, ConfigKey> mapped = new TreeMap<>(new JavaSources(moduleDir.resolve("src/main/java")).configKeys());
        return new ServiceConfig(module, mapped, readProperties(moduleDir.resolve("src/main/resources/application.properties")),
                read(moduleDir.resolve("pom.xml")));
    }

    /** The Kafka topic keys of application.properties (mp.messaging.*.topic) with their default topic. */
    Map<String, String> topicKeys() {
        Map<String, String> topics = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (TOPIC_KEY.matcher(key).matches()) {
                topics.put(key, value);
            }
        });
        return topics;
    }

    boolean hasExtension(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }

    /** Whether the service reads this property: declared in code, in application.properties, or under a map key. */
    boolean knowsEnv(String envName) {
        for (String key : mappedKeys.keySet()) {
            if (key.endsWith(".*") ? envName.startsWith(envName(key.substring(0, key.length() - 2)) + "_")
                    : envName.equals(envName(key))) {
                return true;
            }
        }
        return properties.keySet().stream().anyMatch(key -> envName.equals(envName(key)));
    }

    /** MicroProfile Config's environment variable form of a property name. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> readProperties(Path file) {
        Map<String, String> result = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.stringPropertyNames().stream()
                .filter(key -> !key.startsWith("%"))
                .forEach(key -> result.put(key, properties.getProperty(key)));
        return result;
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java sources of a service, parsed (not compiled) with javac's tree API. */
    private static final class JavaSources {

        private final List<CompilationUnitTree> units = new ArrayList<>();
        /** Interfaces by simple name, to resolve config groups declared outside the mapping interface. */
        private final Map<String, List<ClassTree>> interfaces = new HashMap<>();
        private DocTrees docTrees;

        JavaSources(Path sourceRoot) {
            if (!Files.isDirectory(sourceRoot)) {
                return;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(sourceRoot)) {
                files = walk.filter(path -> path.toString().endsWith(".java")).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (files.isEmpty()) {
                return;
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
                JavacTask task = (JavacTask) compiler.getTask(null, fileManager, diagnostic -> { }, List.of("-proc:none"),
                        null, fileManager.getJavaFileObjectsFromPaths(files));
                task.parse().forEach(units::add);
                docTrees = DocTrees.instance(task);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (CompilationUnitTree unit : units) {
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree tree, Void unused) {
                        if (tree.getKind() == Tree.Kind.INTERFACE) {
                            interfaces.computeIfAbsent(tree.getSimpleName().toString(), name -> new ArrayList<>()).add(tree);
                        }
                        return super.visitClass(tree, unused);
                    }
                }.scan(unit, null);
            }
        }

        Map<String, ConfigKey> configKeys() {
            Map<String, ConfigKey> keys = new LinkedHashMap<>();
            for (CompilationUnitTree unit : units) {
                String file = unit.getSourceFile().getName();
                String shortFile = file.substring(file.lastIndexOf('/') + 1);
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree tree, Void unused) {
                        annotation(tree.getModifiers(), "ConfigMapping").ifPresent(mapping -> {
                            String prefix = stringAttribute(mapping, "prefix").orElse("");
                            boolean verbatim = attribute(mapping, "namingStrategy")
                                    .map(value -> value.toString().endsWith("VERBATIM")).orElse(false);
                            addGroup(keys, prefix, tree, tree, unit, verbatim, shortFile, 0);
                        });
                        return super.visitClass(tree, unused);
                    }

                    @Override
                    public Void visitVariable(VariableTree tree, Void unused) {
                        annotation(tree.getModifiers(), "ConfigProperty").ifPresent(property ->
                                stringAttribute(property, "name").ifPresent(name -> keys.put(name, new ConfigKey(name,
                                        shortFile + " @ConfigProperty " + tree.getName(),
                                        stringAttribute(property, "defaultValue").orElse(null), "", tree.getType().toString()))));
                        return super.visitVariable(tree, unused);
                    }
                }.scan(unit, null);
            }
            return keys;
        }

        private void addGroup(Map<String, ConfigKey> keys, String prefix, ClassTree mapping, ClassTree group,
                              CompilationUnitTree unit, boolean verbatim, String file, int depth) {
            if (depth > 10) {
                throw new IllegalStateException("Config group nesting too deep (a cycle?) at " + prefix + " in " + file);
            }
            for (Tree member : group.getMembers()) {
                if (!(member instanceof MethodTree method) || method.getBody() != null
                        || !method.getParameters().isEmpty()
                        || method.getModifiers().getFlags().contains(Modifier.STATIC)
                        || method.getModifiers().getFlags().contains(Modifier.DEFAULT)) {
                    continue;
                }
                ModifiersTree modifiers = method.getModifiers();
                String methodName = method.getName().toString();
                String name = annotation(modifiers, "WithParentName").isPresent() ? ""
                        : annotation(modifiers, "WithName").flatMap(with -> stringAttribute(with, "value"))
                                .orElse(verbatim ? methodName : kebab(methodName));
                String key = join(prefix, name);
                String type = method.getReturnType().toString();
                String declared = file + " " + group.getSimpleName() + "." + methodName + "()";
                String defaultValue = annotation(modifiers, "WithDefault")
                        .flatMap(with -> stringAttribute(with, "value")).orElse(null);
                String doc = firstSentence(docTrees.getDocComment(TreePath.getPath(unit, method)));
                if (type.startsWith("Map<") || type.startsWith("java.util.Map<")) {
                    keys.put(key + ".*", new ConfigKey(key + ".*", declared, null, doc, type));
                    continue;
                }
                ClassTree nested = resolveGroup(unwrap(type), group, mapping, declared);
                if (nested != null) {
                    addGroup(keys, key, mapping, nested, unitOf(nested, unit), verbatim, file, depth + 1);
                } else {
                    keys.put(key, new ConfigKey(key, declared, defaultValue, doc, type));
                }
            }
        }

        /**
         * The config group interface a method returns, as Java resolves the simple name: nested in the
         * group, nested anywhere in the mapping interface, else the one interface of that name in the
         * service; null for a leaf type (String, int, Duration, ...).
         */
        private ClassTree resolveGroup(String simpleName, ClassTree group, ClassTree mapping, String declared) {
            for (ClassTree scope : List.of(group, mapping)) {
                ClassTree found = findNested(scope, simpleName);
                if (found != null) {
                    return found;
                }
            }
            List<ClassTree> candidates = interfaces.getOrDefault(simpleName, List.of());
            if (candidates.size() > 1) {
                throw new IllegalStateException("Config group " + simpleName + " of " + declared
                        + " is ambiguous: " + candidates.size() + " interfaces of that name in the service");
            }
            return candidates.isEmpty() ? null : candidates.get(0);
        }

        private static ClassTree findNested(ClassTree scope, String simpleName) {
            for (Tree member : scope.getMembers()) {
                if (member instanceof ClassTree nested && nested.getKind() == Tree.Kind.INTERFACE) {
                    if (nested.getSimpleName().contentEquals(simpleName)) {
                        return nested;
                    }
                    ClassTree deeper = findNested(nested, simpleName);
                    if (deeper != null) {
                        return deeper;
                    }
                }
            }
            return null;
        }

        private CompilationUnitTree unitOf(ClassTree type, CompilationUnitTree guess) {
            if (TreePath.getPath(guess, type) != null) {
                return guess;
            }
            return units.stream().filter(unit -> TreePath.getPath(unit, type) != null).findFirst().orElse(guess);
        }

        /** The Javadoc's first sentence on one line, without {@code ...} markup. */
        private static String firstSentence(String doc) {
            if (doc == null) {
                return "";
            }
            String text = doc.replaceAll("\\s+", " ").trim()
                    .replaceAll("\\{@(?:code|link|literal) ([^}]*)}", "$1");
            int end = text.indexOf(". ");
            return end < 0 ? text : text.substring(0, end + 1);
        }

        /** The element type of Optional<X> / List<X> / Set<X>, or the type itself, as a simple name. */
        private static String unwrap(String type) {
            Matcher generic = Pattern.compile("^(?:java\\.util\\.)?(?:Optional|List|Set)<(.+)>$").matcher(type);
            String element = generic.matches() ? generic.group(1) : type;
            return element.substring(element.lastIndexOf('.') + 1);
        }

        private static String join(String prefix, String name) {
            if (prefix.isEmpty()) {
                return name;
            }
            return name.isEmpty() ? prefix : prefix + "." + name;
        }

        /** Quarkus' default naming: camelCase method names as kebab-case keys (minDomainGain -> min-domain-gain). */
        static String kebab(String name) {
            return name.replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2")
                    .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                    .toLowerCase(Locale.ROOT);
        }

        private static Optional<AnnotationTree> annotation(ModifiersTree modifiers, String simpleName) {
            return modifiers.getAnnotations().stream()
                    .filter(annotation -> {
                        String type = annotation.getAnnotationType().toString();
                        return type.equals(simpleName) || type.endsWith("." + simpleName);
                    })
                    .map(annotation -> (AnnotationTree) annotation)
                    .findFirst();
        }

        private static Optional<ExpressionTree> attribute(AnnotationTree annotation, String name) {
            for (ExpressionTree argument : annotation.getArguments()) {
                if (argument instanceof AssignmentTree assignment) {
                    if (assignment.getVariable().toString().equals(name)) {
                        return Optional.of(assignment.getExpression());
                    }
                } else if (name.equals("value")) {
                    return Optional.of(argument);
                }
            }
            return Optional.empty();
        }

        private static Optional<String> stringAttribute(AnnotationTree annotation, String name) {
            return attribute(annotation, name).map(value -> {
                if (value instanceof LiteralTree literal && literal.getValue() instanceof String text) {
                    return text;
                }
                throw new IllegalStateException("@" + annotation.getAnnotationType() + "(" + name + " = " + value
                        + ") is not a string literal; the chart test reads configuration keys from the source and"
                        + " needs literals there");
            });
        }
    }
}
