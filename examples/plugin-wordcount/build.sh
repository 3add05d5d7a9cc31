#!/bin/sh
# Builds plugins/wordcount.jar from this example, against Workpool's SPI jar.
# Run from the repository root after `./mvnw -q -DskipTests package` (which writes target/workpool-*-spi.jar).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
spi=$(ls "$root"/target/workpool-*-spi.jar)
out=$(mktemp -d)
javac --release 17 -cp "$spi" -d "$out" $(find "$here/src/main/java" -name '*.java')
cp -r "$here/src/main/resources/." "$out/"
mkdir -p "$root/plugins"
jar --create --file "$root/plugins/wordcount.jar" -C "$out" .
rm -rf "$out"
echo "built $root/plugins/wordcount.jar"
