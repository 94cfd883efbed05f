{{/* The image service's environment (non-secret), also hashed into checksum/config. */}}
{{- define "blog-images.image.config" -}}
{{- $v := .root.Values.image -}}
{{ include "blog-images.commonConfig" . }}
{{- with $v.database.jdbcUrl }}
QUARKUS_DATASOURCE_JDBC_URL: {{ . | quote }}
{{- end }}
IMAGE_STORAGE_BUCKET: {{ $v.storage.bucket | quote }}
QUARKUS_S3_AWS_REGION: {{ $v.storage.region | quote }}
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ default (include "blog-images.jwksUrl" .) $v.jwksUrl | quote }}
{{- end -}}
