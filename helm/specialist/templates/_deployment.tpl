{{/*
The Deployment of one service. The four services differ only by values, except the trainer: one
replica with the Recreate strategy (its registry volume is ReadWriteOnce and it runs at most one
job per domain), the registry volume, and its own service account when it creates Jobs.
*/}}
{{- define "specialist.deployment" -}}
{{- $root := .root -}}
{{- $component := .component -}}
{{- $values := index $root.Values $component -}}
{{- $isTrainer := eq $component "trainer" -}}
{{- $home := include "specialist.home" . -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "specialist.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "specialist.labels" . | nindent 4 }}
spec:
  {{- if $isTrainer }}
  replicas: 1
  strategy:
    type: Recreate
  {{- else if not (and $values.autoscaling $values.autoscaling.enabled) }}
  replicas: {{ $values.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "specialist.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "specialist.labels" . | nindent 8 }}
      annotations:
        # Roll the pods when their configuration changes.
        checksum/config: {{ include "specialist.configData" . | sha256sum }}
    spec:
      {{- if and $isTrainer (eq $values.runner "kubernetes") }}
      serviceAccountName: {{ include "specialist.trainerServiceAccount" $root }}
      automountServiceAccountToken: true
      {{- else }}
      # No Kubernetes API access needed: do not mount a token.
      automountServiceAccountToken: false
      {{- end }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ $component }}
          image: {{ include "specialist.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $values.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "specialist.componentName" . }}
          env:
            # ONNX Runtime 1.29 starts a telemetry uploader on Linux unless this is set before the JVM starts.
            - name: ORT_DISABLE_TELEMETRY
              value: "1"
            - name: QUARKUS_DATASOURCE_USERNAME
              valueFrom:
                secretKeyRef:
                  name: {{ $root.Values.postgresql.auth.existingSecret }}
                  key: {{ $root.Values.postgresql.auth.usernameKey }}
            - name: QUARKUS_DATASOURCE_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ $root.Values.postgresql.auth.existingSecret }}
                  key: {{ $root.Values.postgresql.auth.passwordKey }}
            - name: SPECIALIST_ADMIN_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ include "specialist.adminTokenSecret" $root }}
                  key: {{ $root.Values.adminToken.key }}
            {{- with $values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            httpGet:
              path: /q/health/live
              port: http
            {{- toYaml $root.Values.probes.startup | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: http
            {{- toYaml $root.Values.probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: http
            {{- toYaml $root.Values.probes.readiness | nindent 12 }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            # Writable scratch space on a read-only root filesystem: ONNX Runtime extracts its native
            # libraries to java.io.tmpdir, Vert.x buffers uploads there.
            - name: tmp
              mountPath: /tmp
            - name: home
              mountPath: {{ $home }}
            {{- if $isTrainer }}
            - name: registry
              mountPath: {{ $home }}/registry
            {{- end }}
            {{- with $root.Values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
        - name: home
          emptyDir: {}
        {{- if $isTrainer }}
        - name: registry
          {{- if $values.persistence.enabled }}
          persistentVolumeClaim:
            claimName: {{ include "specialist.registryClaim" $root }}
          {{- else }}
          emptyDir: {}
          {{- end }}
        {{- end }}
        {{- with $root.Values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
