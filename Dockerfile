# syntax=docker/dockerfile:1

# Build stage: the Maven wrapper downloads Maven; the jar is built without running tests
# (CI runs them with .ci/run).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package \
	&& cp $(ls target/workpool-*.jar | grep -v -- '-spi.jar$') /workpool.jar

# Runtime stage: a JRE and the jar, run as an unprivileged user.
FROM eclipse-temurin:17-jre
# Shared libraries the embedded MariaDB's mariadbd links against.
RUN apt-get update \
	&& apt-get install -y --no-install-recommends libstdc++6 libsystemd0 libcrypt1 \
	&& rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 workpool \
	&& useradd --system --uid 10001 --gid workpool --home-dir /app workpool \
	&& mkdir -p /app/data && chown -R workpool:workpool /app
WORKDIR /app
COPY --from=build --chown=workpool:workpool /workpool.jar /app/workpool.jar
USER 10001
# Without SPRING_DATASOURCE_URL the service starts an embedded MariaDB in /app/data.
VOLUME /app/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/workpool.jar"]
