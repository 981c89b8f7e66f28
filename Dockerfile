# lrlab: build with Maven, run on a JRE. CPU backend by default; GPU image: --build-arg MAVEN_PROFILE=cuda
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MAVEN_PROFILE=cpu
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -P${MAVEN_PROFILE} dependency:go-offline -DexcludeReactor=true || true
COPY src src
RUN mvn -B -ntp -P${MAVEN_PROFILE} -DskipTests package && cp target/lrlab-*.jar /lrlab.jar

FROM eclipse-temurin:17-jre
RUN useradd --create-home --uid 1000 lrlab && mkdir -p /data && chown lrlab /data
COPY --from=build /lrlab.jar /opt/lrlab/lrlab.jar
COPY application.yml /opt/lrlab/application.yml
WORKDIR /opt/lrlab
USER lrlab
ENV LRLAB_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -Dorg.bytedeco.javacpp.maxphysicalbytes=0"
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/lrlab/lrlab.jar"]
