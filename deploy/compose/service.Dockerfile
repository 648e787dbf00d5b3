# One image per Wharf process, from the jar and lib/ the Maven build leaves in the module's target/ (the build
# context is the module directory). JRE_IMAGE: any Java 21+ runtime with curl (for the health checks); the
# default is the standard Temurin image, deploy/compose/smoke.sh passes the Debian-built localhost/wharf/base:dev.
ARG JRE_IMAGE=docker.io/library/eclipse-temurin:21-jre
FROM ${JRE_IMAGE}
ARG APP
WORKDIR /app
COPY target/lib/ /app/lib/
COPY target/${APP}.jar /app/app.jar
ENV JAVA_OPTS="-XX:+UseSerialGC -Xmx256m --enable-native-access=ALL-UNNAMED"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]
