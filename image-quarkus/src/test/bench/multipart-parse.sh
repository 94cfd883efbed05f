#!/usr/bin/env bash
# The upload body parser, side by side with Commons FileUpload's MultipartInput (the one it replaced): MiB/s of
# each on the same 256 MiB part, four rounds in turn (MultipartParseBench.java beside this file). Run from the
# repository root after ./mvnw -pl image-quarkus -am package -DskipTests
set -euo pipefail
source .mvn/select-jdk.sh
select_jdk
LIB=image-quarkus/target/quarkus-app/lib/main
CP="image-quarkus/target/classes:$(ls $LIB/org.apache.commons.commons-fileupload2-core-*.jar):$(ls $LIB/commons-io.commons-io-*.jar)"
OUT=$(mktemp -d /tmp/multipart-parse-XXXX)
trap 'rm -rf "$OUT"' EXIT
# Compiled into the reader's package: MultipartReader is package-private.
javac -d "$OUT" -cp "$CP" image-quarkus/src/test/bench/MultipartParseBench.java
java -Xmx2g -cp "$OUT:$CP" io.blogimages.image.upload.MultipartParseBench
