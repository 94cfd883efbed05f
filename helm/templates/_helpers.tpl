{{/*
Helpers shared by the three services. Component-aware helpers take a dict:
  (dict "root" $ "component" "gateway")
and read that service's values from `index .root.Values .component`.
*/}}

{{/* Name prefix of every object: fullnameOverride or the release name. */}}
{{- define "blog-images.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a service's objects, e.g. `blog-auth`. */}}
{{- define "blog-images.componentName" -}}
{{- printf "%s-%s" (include "blog-images.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object of the release carries. */}}
{{- define "blog-images.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: blog-images
{{- with .Values.global.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select all pods of the release (the default-deny policy). */}}
{{- define "blog-images.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels that select one service's pods. */}}
{{- define "blog-images.selectorLabels" -}}
{{ include "blog-images.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of one service's objects. */}}
{{- define "blog-images.labels" -}}
{{ include "blog-images.commonLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The flavour (jvm or native) of a service: its own or the global one. */}}
{{- define "blog-images.flavour" -}}
{{- $svc := index .root.Values .component -}}
{{- default .root.Values.global.flavour $svc.flavour -}}
{{- end -}}

{{/* The image reference: registry/repository@digest or registry/repository:tag[-native]. */}}
{{- define "blog-images.image" -}}
{{- $svc := index .root.Values .component -}}
{{- $global := .root.Values.global.image -}}
{{- $registry := default $global.registry $svc.image.registry -}}
{{- $repository := $svc.image.repository -}}
{{- if $registry }}{{ $repository = printf "%s/%s" $registry $repository }}{{ end -}}
{{- if $svc.image.digest -}}
{{- printf "%s@%s" $repository $svc.image.digest -}}
{{- else -}}
{{- $tag := default (default .root.Chart.AppVersion $global.tag) $svc.image.tag -}}
{{- if eq (include "blog-images.flavour" .) "native" }}{{ $tag = printf "%s%s" $tag $global.nativeTagSuffix }}{{ end -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* URL of a service inside the cluster, e.g. http://blog-auth:8080 */}}
{{- define "blog-images.serviceUrl" -}}
{{- $svc := index .root.Values .component -}}
{{- printf "http://%s:%v" (include "blog-images.componentName" .) $svc.service.port -}}
{{- end -}}

{{/* JWKS URL of the release's auth service. */}}
{{- define "blog-images.jwksUrl" -}}
{{- printf "%s/api/auth/jwks" (include "blog-images.serviceUrl" (dict "root" .root "component" "auth")) -}}
{{- end -}}

{{/* Name of a database Secret: the configured one or <release>-<component>-db. */}}
{{- define "blog-images.databaseSecret" -}}
{{- $svc := index .root.Values .component -}}
{{- default (printf "%s-db" (include "blog-images.componentName" .)) $svc.database.existingSecret -}}
{{- end -}}

{{/* Name of the signing-key Secret. */}}
{{- define "blog-images.signingKeySecret" -}}
{{- default (printf "%s-signing-keys" (include "blog-images.componentName" (dict "root" . "component" "auth"))) .Values.auth.signingKeys.existingSecret -}}
{{- end -}}

{{/* Fails the render when the termination grace does not cover the preStop delay plus Quarkus' shutdown. */}}
{{- define "blog-images.checkGracePeriod" -}}
{{- $g := .Values.global -}}
{{- if le (int $g.terminationGracePeriodSeconds) (add $g.preStopSleepSeconds $g.shutdownTimeoutSeconds | int) -}}
{{- fail (printf "global.terminationGracePeriodSeconds (%v) must be more than preStopSleepSeconds (%v) + shutdownTimeoutSeconds (%v)" $g.terminationGracePeriodSeconds $g.preStopSleepSeconds $g.shutdownTimeoutSeconds) -}}
{{- end -}}
{{- end -}}

{{/* Database environment: JDBC URL (value or Secret), user name and password from the Secret. */}}
{{- define "blog-images.databaseEnv" -}}
{{- $svc := index .root.Values .component -}}
{{- $secret := include "blog-images.databaseSecret" . -}}
{{- if not $svc.database.jdbcUrl -}}
- name: QUARKUS_DATASOURCE_JDBC_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $svc.database.jdbcUrlKey }}

{{ end -}}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $svc.database.usernameKey }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $svc.database.passwordKey }}
{{- end -}}

{{/* Zone and node spread (maxSkew 1), counting only the pods of the current ReplicaSet. */}}
{{- define "blog-images.topologySpread" -}}
{{- $svc := index .root.Values .component -}}
{{- $spread := .root.Values.global.topologySpread -}}
{{- if $svc.topologySpreadConstraints -}}
{{ toYaml $svc.topologySpreadConstraints }}
{{- else if $spread.enabled -}}
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: {{ $spread.zoneWhenUnsatisfiable }}
  # a lost zone's nodes are tainted unreachable: Honor leaves them out so pods move to the other zones
  nodeTaintsPolicy: Honor
  matchLabelKeys: [pod-template-hash]
  labelSelector:
    matchLabels:
      {{- include "blog-images.selectorLabels" . | nindent 6 }}
- maxSkew: 1
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: {{ $spread.hostnameWhenUnsatisfiable }}
  nodeTaintsPolicy: Honor
  matchLabelKeys: [pod-template-hash]
  labelSelector:
    matchLabels:
      {{- include "blog-images.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
The Deployment of one service. Its own template supplies the service-specific parts as a dict:
  env (YAML list), volumes (YAML list), volumeMounts (YAML list), config (the ConfigMap text, for the checksum).
*/}}
{{- define "blog-images.deployment" -}}
{{- $root := .root -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $svc := index .root.Values .component -}}
{{- $g := .root.Values.global -}}
{{- $flavour := include "blog-images.flavour" $ctx -}}
{{- include "blog-images.checkGracePeriod" .root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "blog-images.componentName" $ctx }}
  labels:
    {{- include "blog-images.labels" $ctx | nindent 4 }}
    blog-images/flavour: {{ $flavour }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # never below the wanted capacity: a new pod must be ready before an old one goes
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "blog-images.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "blog-images.labels" $ctx | nindent 8 }}
        blog-images/flavour: {{ $flavour }}
      annotations:
        checksum/config: {{ .config | sha256sum }}
        # scraped pod-direct on the management port; no Service exposes it
        prometheus.io/scrape: "true"
        prometheus.io/path: /q/metrics
        prometheus.io/port: "9000"
        prometheus.io/scheme: http
        {{- with $g.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "blog-images.componentName" $ctx }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $g.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml $g.podSecurityContext | nindent 8 }}
      {{- with $g.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- $spread := include "blog-images.topologySpread" $ctx }}
      {{- if $spread }}
      topologySpreadConstraints:
        {{- $spread | nindent 8 }}
      {{- end }}
      {{- with $svc.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "blog-images.image" $ctx | quote }}
          imagePullPolicy: {{ $g.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            # health, metrics and OpenAPI (the Quarkus management interface): probes, the scraper and, for the
            # gateway, the ALB's health checks; never routed to
            - name: management
              containerPort: 9000
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "blog-images.componentName" $ctx }}
          {{- with .env }}
          env:
            {{- . | nindent 12 }}
          {{- end }}
          startupProbe:
            httpGet:
              path: /q/health/started
              port: management
            periodSeconds: {{ $g.probes.startup.periodSeconds }}
            failureThreshold: {{ $g.probes.startup.failureThreshold }}
            timeoutSeconds: {{ $g.probes.startup.timeoutSeconds }}
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: management
            periodSeconds: {{ $g.probes.liveness.periodSeconds }}
            failureThreshold: {{ $g.probes.liveness.failureThreshold }}
            timeoutSeconds: {{ $g.probes.liveness.timeoutSeconds }}
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: management
            periodSeconds: {{ $g.probes.readiness.periodSeconds }}
            failureThreshold: {{ $g.probes.readiness.failureThreshold }}
            timeoutSeconds: {{ $g.probes.readiness.timeoutSeconds }}
          lifecycle:
            preStop:
              # keep serving while the ALB and the endpoints controller take the pod out, then let Quarkus drain
              sleep:
                seconds: {{ $g.preStopSleepSeconds }}
          resources:
            {{- toYaml (index $svc.resources $flavour) | nindent 12 }}
          securityContext:
            {{- toYaml $g.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $g.tmpSizeLimit }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/* Configuration every service gets (the ConfigMap's common part). */}}
{{- define "blog-images.commonConfig" -}}
{{- $svc := index .root.Values .component -}}
QUARKUS_SHUTDOWN_TIMEOUT: {{ printf "%vs" .root.Values.global.shutdownTimeoutSeconds | quote }}
QUARKUS_HTTP_PORT: "8080"
QUARKUS_MANAGEMENT_PORT: "9000"
{{- if eq (include "blog-images.flavour" .) "jvm" }}
JAVA_OPTS_APPEND: {{ .root.Values.global.jvmOptions | quote }}
{{- end }}
{{- with .root.Values.global.tracing }}
{{- if .otlpEndpoint }}
QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT: {{ .otlpEndpoint | quote }}
QUARKUS_OTEL_TRACES_SAMPLER_ARG: {{ .samplerRatio | toString | quote }}
{{- end }}
{{- end }}
{{- range $k, $v := $svc.extraEnv }}
{{ $k }}: {{ $v | toString | quote }}
{{- end }}
{{- end -}}

{{/* Service, ServiceAccount, PodDisruptionBudget and HorizontalPodAutoscaler of one service. */}}
{{- define "blog-images.service" -}}
{{- $svc := index .root.Values .component -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "blog-images.componentName" . }}
  labels:
    {{- include "blog-images.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  ports:
    - name: http
      port: {{ $svc.service.port }}
      targetPort: http
      protocol: TCP
  selector:
    {{- include "blog-images.selectorLabels" . | nindent 4 }}
{{- end -}}

{{- define "blog-images.serviceAccount" -}}
{{- $svc := index .root.Values .component -}}
{{- if $svc.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "blog-images.componentName" . }}
  labels:
    {{- include "blog-images.labels" . | nindent 4 }}
  {{- $annotations := deepCopy $svc.serviceAccount.annotations -}}
  {{- if $svc.serviceAccount.irsaRoleArn }}
  {{- $_ := set $annotations "eks.amazonaws.com/role-arn" $svc.serviceAccount.irsaRoleArn }}
  {{- $_ := set $annotations "eks.amazonaws.com/sts-regional-endpoints" "true" }}
  {{- end }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
# no Kubernetes API calls: the token is not mounted (IRSA projects its own web-identity token)
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{- define "blog-images.pdb" -}}
{{- $svc := index .root.Values .component -}}
{{- if $svc.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "blog-images.componentName" . }}
  labels:
    {{- include "blog-images.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $svc.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "blog-images.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "blog-images.hpa" -}}
{{- $svc := index .root.Values .component -}}
{{- if $svc.autoscaling.enabled }}
{{- if lt (int $svc.autoscaling.maxReplicas) (int $svc.autoscaling.minReplicas) }}
{{- fail (printf "%s.autoscaling.maxReplicas must not be below minReplicas" .component) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "blog-images.componentName" . }}
  labels:
    {{- include "blog-images.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "blog-images.componentName" . }}
  minReplicas: {{ $svc.autoscaling.minReplicas }}
  maxReplicas: {{ $svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $svc.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # scale in slowly: one pod per minute after five calm minutes
      stabilizationWindowSeconds: 300
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
{{- end }}
{{- end -}}

{{/* NetworkPolicy peers. */}}
{{- define "blog-images.podPeer" -}}
- podSelector:
    matchLabels:
      {{- include "blog-images.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "blog-images.metricsScraperRule" -}}
{{- $m := .Values.global.networkPolicy.metricsScraper -}}
{{- if $m.enabled -}}
# Prometheus scrapes /q/metrics on the management port (kubelet probes are not subject to NetworkPolicy)
- from:
    - namespaceSelector:
        {{- toYaml $m.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $m.podSelector | nindent 8 }}
  ports:
    - port: 9000
      protocol: TCP
{{- end }}
{{- end -}}

{{- define "blog-images.dnsEgressRule" -}}
{{- $dns := .Values.global.networkPolicy.dns -}}
- to:
    - namespaceSelector:
        {{- toYaml $dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $dns.podSelector | nindent 8 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{- define "blog-images.postgresEgressRule" -}}
{{- $pg := .Values.global.networkPolicy.postgres -}}
- to:
    {{- range $pg.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - port: {{ $pg.port }}
      protocol: TCP
{{- end -}}

{{- define "blog-images.tracingCollectorEgressRule" -}}
{{- if .Values.global.tracing.otlpEndpoint -}}
{{- $c := .Values.global.networkPolicy.tracingCollector -}}
# spans go to the OpenTelemetry collector (global.tracing.otlpEndpoint)
- to:
    - namespaceSelector:
        {{- toYaml $c.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $c.podSelector | nindent 8 }}
  ports:
    - port: {{ $c.port }}
      protocol: TCP
{{- end }}
{{- end -}}

{{- define "blog-images.serviceEgressRule" -}}
- to:
    {{- include "blog-images.podPeer" . | nindent 4 }}
  ports:
    - port: 8080
      protocol: TCP
{{- end -}}
