{{/* The auth service's environment (non-secret), also hashed into checksum/config. */}}
{{- define "blog-images.auth.config" -}}
{{- $v := .root.Values.auth -}}
{{ include "blog-images.commonConfig" . }}
{{- with $v.database.jdbcUrl }}
QUARKUS_DATASOURCE_JDBC_URL: {{ . | quote }}
{{- end }}
AUTH_SIGNING_KEY_LOCATION: {{ printf "/etc/blog-images/auth-keys/%s" $v.signingKeys.active | quote }}
{{- with $v.signingKeys.published }}
{{- $files := list }}
{{- range . }}{{ $files = append $files (printf "/etc/blog-images/auth-keys/%s" .) }}{{ end }}
AUTH_SIGNING_PUBLISHED_KEY_LOCATIONS: {{ join "," $files | quote }}
{{- end }}
QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: {{ join "," $v.trustedProxies | quote }}
{{- end -}}

{{/* The first admin, from a Secret (created only if that user does not exist yet). */}}
{{- define "blog-images.auth.bootstrapAdminEnv" -}}
{{- $a := .root.Values.auth.bootstrapAdmin -}}
- name: AUTH_BOOTSTRAP_ADMIN_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $a.existingSecret }}
      key: {{ $a.usernameKey }}
- name: AUTH_BOOTSTRAP_ADMIN_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $a.existingSecret }}
      key: {{ $a.passwordKey }}
{{- end -}}
