# lrlab: build with Maven, run on a JRE.
#   CPU (default):  docker build -t lrlab:cpu .
#   GPU:            docker build -t lrlab:cuda --build-arg MAVEN_PROFILES=cuda,cuda-runtime .
# The GPU image carries CUDA 11.6 and cuDNN 8.3 itself (JavaCPP's redistributable, profile cuda-runtime), so it runs on
# this plain JRE base with only the driver from the NVIDIA container toolkit; see README, "Supported GPUs".
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MAVEN_PROFILES=cpu
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -P${MAVEN_PROFILES} dependency:go-offline -DexcludeReactor=true || true
COPY src src
RUN mvn -B -ntp -P${MAVEN_PROFILES} -DskipTests package && cp target/lrlab-*.jar /lrlab.jar

FROM eclipse-temurin:17-jre
# why uid 10001: Ubuntu 24.04, under today's eclipse-temurin images, already has user "ubuntu" with uid 1000
RUN useradd --create-home --uid 10001 --user-group lrlab && mkdir -p /data && chown lrlab:lrlab /data
COPY --from=build /lrlab.jar /opt/lrlab/lrlab.jar
COPY application.yml /opt/lrlab/application.yml
COPY docker/entrypoint.sh docker/openblas-core.sh docker/huge-pages.sh /opt/lrlab/
WORKDIR /opt/lrlab
USER lrlab
ENV LRLAB_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
# liveness through actuator, with bash alone (no curl in the image)
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["/opt/lrlab/entrypoint.sh"]
