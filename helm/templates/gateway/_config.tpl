{{/* The gateway's environment (non-secret), also hashed into checksum/config. */}}
{{- define "blog-images.gateway.config" -}}
{{- $v := .root.Values.gateway -}}
{{ include "blog-images.commonConfig" . }}
GATEWAY_ROUTES_AUTH_INSTANCES: {{ include "blog-images.serviceUrl" (dict "root" .root "component" "auth") | quote }}
GATEWAY_ROUTES_IMAGE_INSTANCES: {{ include "blog-images.serviceUrl" (dict "root" .root "component" "image") | quote }}
GATEWAY_AUTH_JWKS_URL: {{ include "blog-images.jwksUrl" . | quote }}
{{- with $v.trustedProxies }}
GATEWAY_TRUSTED_PROXIES: {{ join "," . | quote }}
{{- end }}
QUARKUS_HTTP_CORS_ORIGINS: {{ join "," $v.corsOrigins | quote }}
{{- if $v.hsts.enabled }}
QUARKUS_HTTP_HEADER__STRICT_TRANSPORT_SECURITY__VALUE: {{ $v.hsts.value | quote }}
{{- end }}
{{- end -}}
