# Sourced by bin/opt2vec (with --spark-master) and bin/opt2vec-spark: the class path of opt2vec-spark (the module, its
# dependencies, and Spark) and the JVM flags Spark needs on Java 17. Sets OPT2VEC_SPARK_CP and OPT2VEC_SPARK_JAVA_OPTS.
spark_target="$here/opt2vec-spark/target"
if [ ! -f "$spark_target/opt2vec-spark.jar" ] || [ ! -d "$spark_target/spark-lib" ]; then
  echo "opt2vec: Spark support (opt2vec-spark) is not built; build it: (cd $here && mvn -q install -DskipTests)" >&2
  exit 1
fi
OPT2VEC_SPARK_CP="$spark_target/opt2vec-spark.jar:$spark_target/lib/*:$spark_target/spark-lib/*"
# One OpenMP thread per Spark task: parallelism comes from task slots (spark.executorEnv.OMP_NUM_THREADS=1 does the
# same on a cluster's executors).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
OPT2VEC_SPARK_JAVA_OPTS="-Xmx${OPT2VEC_HEAP:-1g} -XX:+UseSerialGC -XX:MaxMetaspaceSize=512m -XX:ReservedCodeCacheSize=128m \
 -Dorg.bytedeco.javacpp.maxbytes=${OPT2VEC_OFFHEAP:-512m} -Dorg.bytedeco.javacpp.maxphysicalbytes=${OPT2VEC_PHYSICAL:-2g} \
 -Djava.awt.headless=true -XX:+IgnoreUnrecognizedVMOptions \
 --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-exports=java.base/sun.security.action=ALL-UNNAMED"
