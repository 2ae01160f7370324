{{/*
The configuration each service reads, as MicroProfile Config property names. The ConfigMap of a
component carries them as environment variables (specialist.envName); secrets are added as env
valueFrom in the Deployment. The chart test checks these names against the services' @ConfigMapping
interfaces and application.properties, so a renamed key fails the build instead of being ignored.
*/}}

{{/*
Kafka channels of each service (mp.messaging.<direction>.<channel>.topic) and the kafka.topics key
each one uses. The channel names are the services' own (their application.properties).
*/}}
{{- define "specialist.channels" -}}
serving:
  mp.messaging.incoming.models-published.topic: modelsPublished
  mp.messaging.incoming.documents-ingested.topic: documentsIngested
  mp.messaging.outgoing.feedback.topic: feedback
ingest:
  mp.messaging.incoming.documents-raw.topic: documentsRaw
  mp.messaging.outgoing.documents-ingested.topic: documentsIngested
  mp.messaging.outgoing.documents-dlq.topic: documentsDlq
drift:
  mp.messaging.incoming.documents-ingested.topic: documentsIngested
  mp.messaging.incoming.models-published.topic: modelsPublished
  mp.messaging.outgoing.drift-detected.topic: driftDetected
trainer:
  mp.messaging.incoming.drift-detected.topic: driftDetected
  mp.messaging.incoming.feedback.topic: feedback
  mp.messaging.incoming.documents-ingested.topic: documentsIngested
  mp.messaging.outgoing.training-events.topic: trainingEvents
  mp.messaging.outgoing.models-published.topic: modelsPublished
{{- end -}}

{{/*
Properties the chart computes from other values (cluster addresses, topic names, the runner), by
property name. A key of <component>.config with the same name wins.
*/}}
{{- define "specialist.computedConfig" -}}
{{- $root := .root -}}
{{- $component := .component -}}
{{- $values := index $root.Values $component -}}
{{- $config := dict -}}
{{- $_ := set $config "kafka.bootstrap.servers" $root.Values.kafka.bootstrapServers -}}
{{- range $key, $value := $root.Values.kafka.config -}}
{{- $_ := set $config (printf "kafka.%s" $key) $value -}}
{{- end -}}
{{- $channels := index (include "specialist.channels" . | fromYaml) $component -}}
{{- range $property, $topicKey := $channels -}}
{{- $_ := set $config $property (index $root.Values.kafka.topics $topicKey) -}}
{{- end -}}
{{- $_ := set $config "quarkus.http.port" $values.port -}}
{{- $_ := set $config "quarkus.log.level" $root.Values.logLevel -}}
{{- $_ := set $config "quarkus.datasource.jdbc.url" (include "specialist.jdbcUrl" .) -}}
{{- /* Platform-wide keys (ARCHITECTURE.md), the same for every service. */ -}}
{{- $_ := set $config "specialist.home" (include "specialist.home" .) -}}
{{- $_ := set $config "specialist.trainer-url" (include "specialist.serviceUrl" (dict "root" $root "component" "trainer")) -}}
{{- $_ := set $config "specialist.ingest-url" (include "specialist.serviceUrl" (dict "root" $root "component" "ingest")) -}}
{{- if eq $component "serving" -}}
{{- /* The passage index lives in the pod's home volume: per replica, rebuilt from ingest when empty. */ -}}
{{- $_ := set $config "specialist.serving.retrieval.index-path" (printf "%s/serving/index" (include "specialist.home" .)) -}}
{{- end -}}
{{- if eq $component "trainer" -}}
{{- $_ := set $config "specialist.trainer.runner" $values.runner -}}
{{- $_ := set $config "specialist.trainer.registry-path" (printf "%s/registry" (include "specialist.home" .)) -}}
{{- /* What the kubernetes runner puts into each training Job. */ -}}
{{- $_ := set $config "specialist.trainer.kubernetes.namespace" $root.Release.Namespace -}}
{{- $_ := set $config "specialist.trainer.kubernetes.image" (include "specialist.image" .) -}}
{{- $_ := set $config "specialist.trainer.kubernetes.image-pull-policy" $root.Values.image.pullPolicy -}}
{{- $_ := set $config "specialist.trainer.kubernetes.owner-deployment" (include "specialist.componentName" .) -}}
{{- $_ := set $config "specialist.trainer.kubernetes.admin-token-secret" (include "specialist.adminTokenSecret" $root) -}}
{{- $_ := set $config "specialist.trainer.kubernetes.admin-token-secret-key" $root.Values.adminToken.key -}}
{{- /* Training Jobs run under the same pull secrets, user and /tmp limit as the service pods. */ -}}
{{- $pullSecrets := list -}}
{{- range $root.Values.imagePullSecrets }}{{ $pullSecrets = append $pullSecrets .name }}{{ end -}}
{{- $_ := set $config "specialist.trainer.kubernetes.image-pull-secrets" (join "," $pullSecrets) -}}
{{- $_ := set $config "specialist.trainer.kubernetes.run-as-user" (int64 ($root.Values.podSecurityContext.runAsUser | default 185)) -}}
{{- $_ := set $config "specialist.trainer.kubernetes.tmp-size-limit" $root.Values.tmpSizeLimit -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{/* ConfigMap data of a component: env var name -> value, computed properties first, then <component>.config. */}}
{{- define "specialist.configData" -}}
{{- $values := index .root.Values .component -}}
{{- $config := include "specialist.computedConfig" . | fromYaml -}}
{{- $config = mergeOverwrite $config (deepCopy $values.config) -}}
{{- $data := dict -}}
{{- range $key, $value := $config -}}
{{- $_ := set $data (include "specialist.envName" $key) (include "specialist.configValue" $value) -}}
{{- end -}}
{{- /* Heap sizing for a plain java launcher (JDK_JAVA_OPTIONS) and for the Jib base image's run-java.sh,
       which adds its own -XX:MaxRAMPercentage from JAVA_MAX_MEM_RATIO on the command line. */ -}}
{{- $heap := .root.Values.heapPercentage | int -}}
{{- $_ := set $data "JDK_JAVA_OPTIONS" (trim (printf "-XX:MaxRAMPercentage=%d %s %s" $heap .root.Values.javaOptions $values.javaOptions)) -}}
{{- $_ := set $data "JAVA_MAX_MEM_RATIO" (toString $heap) -}}
{{- toYaml $data -}}
{{- end -}}
