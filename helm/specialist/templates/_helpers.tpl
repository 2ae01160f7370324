{{/*
Shared helpers. Components are the four services: serving, ingest, drift, trainer; a helper that
renders something for one component takes (dict "root" $ "component" "serving").
*/}}

{{/* The four services, in the order their resources are rendered. */}}
{{- define "specialist.components" -}}
serving ingest drift trainer
{{- end -}}

{{- define "specialist.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<chart>, or <release> when it already contains the chart name. */}}
{{- define "specialist.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's resources: <fullname>-<component>. */}}
{{- define "specialist.componentName" -}}
{{- printf "%s-%s" (include "specialist.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The labels of every resource. Call with the root context, or with (dict "root" $ "component" "x")
to add the component label.
*/}}
{{- define "specialist.labels" -}}
{{- $root := .root | default . -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "specialist.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/part-of: specialist
{{- with $root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The labels that select a component's pods (stable across upgrades: never add a changing value). */}}
{{- define "specialist.selectorLabels" -}}
{{- $root := .root | default . -}}
app.kubernetes.io/name: {{ include "specialist.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}

{{/* Image of a component: [<registry>/]<group>/<imageName>:<tag>. */}}
{{- define "specialist.image" -}}
{{- $image := .root.Values.image -}}
{{- $values := index .root.Values .component -}}
{{- $tag := default .root.Chart.AppVersion $image.tag -}}
{{- $path := printf "%s/%s:%s" $image.group $values.imageName $tag -}}
{{- if $image.registry -}}
{{- printf "%s/%s" (trimSuffix "/" $image.registry) $path -}}
{{- else -}}
{{- $path -}}
{{- end -}}
{{- end -}}

{{/*
Environment variable name of a MicroProfile Config property: every character that is not a letter
or a digit becomes "_", then upper case (the rule SmallRye Config applies when it looks a property
up in the environment).
*/}}
{{- define "specialist.envName" -}}
{{- regexReplaceAll "[^A-Za-z0-9]" . "_" | upper -}}
{{- end -}}

{{/*
A config value as the string the service parses. Helm reads every YAML number as a float64, which
prints 1000000 as "1e+06": whole numbers are printed as integers.
*/}}
{{- define "specialist.configValue" -}}
{{- if kindIs "float64" . -}}
{{- if eq . (floor .) -}}{{- int64 . -}}{{- else -}}{{- . -}}{{- end -}}
{{- else if kindIs "slice" . -}}
{{- join "," . -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{/* In-cluster base URL of a component's HTTP API. */}}
{{- define "specialist.serviceUrl" -}}
{{- $values := index .root.Values .component -}}
{{- printf "http://%s.%s.svc:%v" (include "specialist.componentName" .) .root.Release.Namespace $values.port -}}
{{- end -}}

{{/* JDBC URL of a component's database. */}}
{{- define "specialist.jdbcUrl" -}}
{{- $pg := .root.Values.postgresql -}}
{{- $values := index .root.Values .component -}}
{{- $url := printf "jdbc:postgresql://%s:%v/%s" $pg.host $pg.port $values.database -}}
{{- if $pg.parameters -}}
{{- $url = printf "%s?%s" $url (trimPrefix "?" $pg.parameters) -}}
{{- end -}}
{{- $url -}}
{{- end -}}

{{/* Name of the Secret holding the admin token. */}}
{{- define "specialist.adminTokenSecret" -}}
{{- .Values.adminToken.existingSecret | default (printf "%s-admin-token" (include "specialist.fullname" .)) -}}
{{- end -}}

{{/* Name of the trainer's registry claim. */}}
{{- define "specialist.registryClaim" -}}
{{- .Values.trainer.persistence.existingClaim | default (printf "%s-trainer-registry" (include "specialist.fullname" .)) -}}
{{- end -}}

{{/* Service account of the trainer: its own when it creates Jobs, none otherwise. */}}
{{- define "specialist.trainerServiceAccount" -}}
{{- printf "%s-trainer" (include "specialist.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Where each service keeps local state (SPECIALIST_HOME); an emptyDir, the trainer's registry is a volume below it. */}}
{{- define "specialist.home" -}}
/var/lib/specialist
{{- end -}}
