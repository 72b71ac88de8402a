{{/* Labels every object of the release carries. */}}
{{- define "taskmesh.labels" -}}
app.kubernetes.io/part-of: taskmesh
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{/* Selector of one app's pods: (dict "root" $ "appId" "tasks-api"). */}}
{{- define "taskmesh.selectorLabels" -}}
app.kubernetes.io/name: {{ .appId }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* One app's image: <registry>/<prefix><app-id>:<tag>. */}}
{{- define "taskmesh.image" -}}
{{- $image := .root.Values.image -}}
{{ $image.registry }}/{{ $image.repositoryPrefix }}{{ .appId }}:{{ $image.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* The port every app listens on inside its pod (daprd reaches it on localhost). */}}
{{- define "taskmesh.appPort" -}}3000{{- end -}}

{{/* Apps browsers reach through the Ingress (the others only answer their sidecar). */}}
{{- define "taskmesh.browserFacing" -}}
{{- if has .appId (list "web" "realtime-sync") }}true{{ end -}}
{{- end -}}

{{/* The Secret with the token each sidecar sends its app (dapr.io/app-token-secret; key "token"). */}}
{{- define "taskmesh.appTokenSecret" -}}{{ .Release.Name }}-app-api-token{{- end -}}

{{/* The Secret with the token each sidecar requires on its API (dapr.io/api-token-secret; key "token"). */}}
{{- define "taskmesh.daprApiTokenSecret" -}}{{ .Release.Name }}-dapr-api-token{{- end -}}

{{/* How both Kafka components (pubsub, pubsub-broadcast) reach the brokers. */}}
{{- define "taskmesh.kafkaConnection" -}}
{{- $kafka := .Values.kafka -}}
- { name: brokers, value: {{ $kafka.brokers | quote }} }
- { name: clientID, value: "{appID}-{podName}" }
- { name: authType, value: {{ $kafka.authType | quote }} }
- { name: version, value: {{ $kafka.version | quote }} }
- { name: disableTls, value: {{ $kafka.disableTls | quote }} }
{{- if eq $kafka.authType "password" }}
- { name: saslUsername, value: {{ required "kafka.saslUsername is required with authType password" $kafka.saslUsername | quote }} }
- name: saslPassword
  secretKeyRef: { name: {{ $kafka.saslPasswordSecret | quote }}, key: {{ $kafka.saslPasswordSecret | quote }} }
- { name: saslMechanism, value: "SHA-512" }
{{- end }}
{{- end -}}


{{/* One app's service account: (dict "root" $ "appId" "tasks-api"). */}}
{{- define "taskmesh.serviceAccount" -}}{{ .root.Release.Name }}-{{ .appId }}{{- end -}}

{{/* The apps scoped to the Kafka pub/sub component (they need Kafka's password). */}}
{{- define "taskmesh.kafkaApps" -}}["tasks-api","audit-agent","recurrence-agent","reminder-agent","realtime-sync","webhook-agent"]{{- end -}}

{{/* The apps scoped to the Redis state store (they need Redis's password). */}}
{{- define "taskmesh.redisApps" -}}["tasks-api","recurrence-agent","realtime-sync","web"]{{- end -}}
