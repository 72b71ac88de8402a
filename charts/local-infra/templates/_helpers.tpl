{{/* Labels every object of the release carries: (dict "root" $), with "name" for one service's objects. */}}
{{- define "local-infra.labels" -}}
app.kubernetes.io/part-of: taskmesh-local-infra
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{ if .name }}{{ include "local-infra.selectorLabels" . }}{{ else }}app.kubernetes.io/instance: {{ .root.Release.Name }}{{ end }}
{{- end -}}

{{/* Selector of one service's pod: (dict "root" $ "name" "kafka"). */}}
{{- define "local-infra.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
  What every pod here shares: (dict "root" $ "name" "kafka" "uid" 1000).
  One replica (the data is the pod's own), replaced rather than rolled
  (Recreate); the image's unprivileged user; no service account token (none
  of them talks to the API server); no service links (Kubernetes would set
  KAFKA_PORT=tcp://... and POSTGRES_PORT=tcp://..., which the images read as
  their port settings).
*/}}
{{- define "local-infra.deploymentSpec" -}}
replicas: 1
revisionHistoryLimit: 3
strategy: { type: Recreate }
selector:
  matchLabels:
    {{- include "local-infra.selectorLabels" . | nindent 4 }}
{{- end -}}

{{- define "local-infra.podSpec" -}}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .uid }}
  runAsGroup: {{ .uid }}
  fsGroup: {{ .uid }}
  seccompProfile: { type: RuntimeDefault }
{{- with .root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The container settings every one shares: locked down, written only where volumes are mounted. */}}
{{- define "local-infra.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities: { drop: [ALL] }
{{- end -}}

{{/*
  A secret value: the one given in the values, else the one the Secret already
  holds (kept across upgrades), else a new random one.
  (dict "root" $ "secret" "postgres" "key" "postgres-password" "value" .Values.postgres.password)
*/}}
{{- define "local-infra.secretValue" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if .value -}}
{{ .value }}
{{- else if and $existing (index ($existing.data | default dict) .key) -}}
{{ index $existing.data .key | b64dec }}
{{- else -}}
{{ randAlphaNum 32 }}
{{- end -}}
{{- end -}}
