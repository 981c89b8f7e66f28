#!/usr/bin/env bash
# Checks lrlab's committed OpenAPI document (src/test/resources/openapi/lrlab.json, kept equal to what the service serves
# by OpenApiDocumentTest) with two validators, and fails on any error (warnings are printed, not fatal):
#  - openapi-generator's own validation (`validate`), with the generator version the build generates the test client with;
#  - Spectral with its OpenAPI ruleset (spectral:oas, .ci/openapi/.spectral.yaml), pinned in .ci/openapi/package-lock.json.
# Needs the JDK and Maven (for the generator's jar from Maven Central) and Node.js with npm (installed with apt if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
document=src/test/resources/openapi/lrlab.json

version=$(sed -n 's:.*<openapi-generator.version>\(.*\)</openapi-generator.version>.*:\1:p' pom.xml)
jar=target/openapi/openapi-generator-cli-$version.jar
if [ ! -f "$jar" ]; then
  mvn -B -ntp -q dependency:copy -Dartifact="org.openapitools:openapi-generator-cli:$version" -DoutputDirectory=target/openapi
fi
echo "openapi-generator $version validate $document"
java -jar "$jar" validate -i "$document" --recommend

if ! command -v npx >/dev/null 2>&1; then
  echo "installing nodejs and npm"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
(cd .ci/openapi && { [ -x node_modules/.bin/spectral ] || npm ci --no-audit --no-fund --loglevel=error; })
echo "spectral lint $document (spectral:oas)"
.ci/openapi/node_modules/.bin/spectral lint "$document" --ruleset .ci/openapi/.spectral.yaml --fail-severity error
echo "OpenAPI document: valid for openapi-generator and Spectral"
