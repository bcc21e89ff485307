# Sourced by bin/gdmc for `gdmc bundle --out FILE [--compression xz|zstd]`, after it has built the jars: writes one
# archive that runs gdmc on an offline GPU node with nothing else installed —
#   runtime/   a jlink'ed Java runtime with just the modules gdmc and TornadoVM need (java.desktop for figures);
#   lib/       gdmc's jars (entries stored, so the archive's compressor sees the classes) and the OpenCL ICD loader;
#   tornado/   the TornadoVM SDK trimmed to its OpenCL driver: the runtime, driver and Graal compiler jars it resolves,
#              its native library, settings and argument-file template (no examples, benchmarks, tests, Truffle);
#   bin/gdmc   the launcher (bin/lib/bundle/launcher), which regenerates TornadoVM's argument file where it is unpacked.
# Needs: $root, $JAVA_HOME (a JDK >= 21 whose jlink can link from its run-time image or jmods), $GDMC_TORNADO_HOME,
# $GDMC_TORNADO_FLAGS, $jar, $plugin, $revision.
gdmc_bundle() {
  local out="" compression="xz"
  while [ $# -gt 0 ]; do
    case "$1" in
      bundle) ;;
      --out) out="${2:-}"; shift ;;
      --out=*) out="${1#--out=}" ;;
      --compression) compression="${2:-}"; shift ;;
      --compression=*) compression="${1#--compression=}" ;;
      -h|--help)
        echo "Usage: gdmc bundle --out FILE [--compression xz|zstd]"
        echo "Write one archive (tar.xz or tar.zst) that runs gdmc, TornadoVM included, on a node with no JDK, Maven or network."
        return 0 ;;
      *) echo "gdmc bundle: unknown option '$1' (usage: gdmc bundle --out FILE [--compression xz|zstd])" >&2; return 2 ;;
    esac
    shift
  done
  if [ -z "$out" ]; then
    echo "gdmc bundle: --out: the archive to write is required, e.g. --out gdmc-bundle.tar.xz" >&2; return 2
  fi
  case "$compression" in
    xz|zstd) ;;
    *) echo "gdmc bundle: --compression: expected xz or zstd, got '$compression'" >&2; return 2 ;;
  esac
  if ! command -v "$compression" >/dev/null; then
    echo "gdmc bundle: --compression: $compression is not installed here" >&2; return 2
  fi
  if [ -z "$GDMC_TORNADO_HOME" ]; then
    echo "gdmc bundle: no TornadoVM SDK (looked at TORNADOVM_HOME, TORNADO_SDK and /opt/tornadovm/sdk); the bundle ships one" >&2
    return 2
  fi
  local dir
  dir=$(dirname -- "$out")
  if [ ! -d "$dir" ] || [ ! -w "$dir" ]; then
    echo "gdmc bundle: --out: cannot write into '$dir'" >&2; return 2
  fi
  local ldpath
  ldpath=$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 .*x86-64/ {print $NF; exit}')
  if [ -z "$ldpath" ] || [ ! -f "$ldpath" ]; then
    echo "gdmc bundle: no OpenCL ICD loader (libOpenCL.so.1) here to ship (Debian: ocl-icd-libopencl1)" >&2; return 2
  fi

  local stage sdk
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' RETURN
  sdk="$stage/gdmc/tornado"
  mkdir -p "$stage/gdmc/bin" "$stage/gdmc/lib" "$sdk/share/java/tornado" "$sdk/share/java/graalJars" "$sdk/lib" "$sdk/etc"
  echo "gdmc bundle: linking the runtime ..." >&2
  "$JAVA_HOME/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.sql,java.xml,jdk.management,jdk.unsupported,jdk.internal.vm.ci,jdk.incubator.vector \
    --strip-debug --no-header-files --no-man-pages --output "$stage/gdmc/runtime" >&2
  echo "gdmc bundle: copying gdmc and TornadoVM ..." >&2
  local store="$root/bin/lib/bundle/StoreJar.java"
  "$JAVA_HOME/bin/java" "$store" "$jar" "$stage/gdmc/lib/gdmc.jar"
  "$JAVA_HOME/bin/java" "$store" "$plugin" "$stage/gdmc/lib/gdmc-tornado-kernels.jar"
  local j f
  # what tornado.runtime, tornado.drivers.opencl and tornado.annotation require, and the OpenCL JNI library's jar
  for j in tornado-api tornado-runtime tornado-drivers-common tornado-drivers-opencl tornado-drivers-opencl-jni \
           tornado-annotation asm commons-math3 snmp4j; do
    for f in "$GDMC_TORNADO_HOME"/share/java/tornado/"$j"-[0-9]*.jar; do
      "$JAVA_HOME/bin/java" "$store" "$f" "$sdk/share/java/tornado/$(basename "$f")"
    done
  done
  # the Graal compiler and the modules it requires (Truffle's API and the polyglot SDK are not among them)
  for j in compiler collections word truffle-compiler; do
    for f in "$GDMC_TORNADO_HOME"/share/java/graalJars/"$j"-[0-9]*.jar; do
      "$JAVA_HOME/bin/java" "$store" "$f" "$sdk/share/java/graalJars/$(basename "$f")"
    done
  done
  cp "$GDMC_TORNADO_HOME"/lib/libtornado-opencl.so "$sdk/lib/"
  cp "$GDMC_TORNADO_HOME"/etc/tornado.backend "$GDMC_TORNADO_HOME"/etc/tornado.properties \
     "$GDMC_TORNADO_HOME"/etc/tornado.release "$sdk/etc/"
  cp "$GDMC_TORNADO_HOME"/tornado-argfile.template "$sdk/"
  cp "$GDMC_TORNADO_HOME"/LICENSE_* "$sdk/" 2>/dev/null || true
  cp -L "$ldpath" "$stage/gdmc/lib/libOpenCL.so.1"
  sed -e "s#@REVISION@#$revision#" -e "s#@TORNADO_FLAGS@#$GDMC_TORNADO_FLAGS#" "$root/bin/lib/bundle/launcher" \
    > "$stage/gdmc/bin/gdmc"
  chmod +x "$stage/gdmc/bin/gdmc"
  cat > "$stage/gdmc/README.txt" <<TXT
gdmc $revision, bundled on $(date -u +%Y-%m-%d) with $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) and TornadoVM
$(cat "$GDMC_TORNADO_HOME/etc/tornado.release" 2>/dev/null | head -1) (OpenCL driver). Nothing else is needed: no JDK,
Maven or network. The node's OpenCL driver (NVIDIA's, or PoCL) is found through /etc/OpenCL/vendors.

  gdmc/bin/gdmc selfcheck                 # check the device against the CPU reference first
  gdmc/bin/gdmc devices                   # what this node has
  gdmc/bin/gdmc run --backend tornado --out result     # the default study on device 0
TXT
  echo "gdmc bundle: compressing ($compression) ..." >&2
  local tmp="$out.partial.$$"
  if [ "$compression" = xz ]; then
    tar -C "$stage" -cf - gdmc | xz -T0 -6 > "$tmp"
  else
    tar -C "$stage" -cf - gdmc | zstd -q -19 -T0 > "$tmp"
  fi
  mv -f "$tmp" "$out"
  local unpacked packed
  unpacked=$(du -sm "$stage/gdmc" | cut -f1)
  packed=$(du -m "$out" | cut -f1)
  echo "gdmc bundle: wrote $out: $(stat -c %s "$out") bytes (${packed} MiB; ${unpacked} MiB unpacked)"
}
