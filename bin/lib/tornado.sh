# Sourced by gdmc's scripts: finds an installed TornadoVM SDK ($TORNADOVM_HOME, then the older $TORNADO_SDK, then
# /opt/tornadovm/sdk, where ../shared/tools/tornadovm-sdk builds one) and sets
#   GDMC_TORNADO_HOME   the SDK's root, or empty when there is none;
#   GDMC_TORNADO_FLAGS  the JVM flags of every gdmc run on TornadoVM: a kernel that fails to compile must fail, not run
#                       silently as plain Java (bailout off); float64 must agree with the CPU to rounding (fast math
#                       off); the box-score helpers must inline past the default node limit (full inlining); the
#                       sketcher's pool must be deeper than a kernel's call graph, or it deadlocks (sketcher threads);
#                       Graal's inliner must not give up on the kernels' call tree, or TornadoVM emits calls to
#                       functions it has not declared yet (MethodInlineBailoutLimit).
# Keep the flags in step with tornado-kernels/pom.xml (Surefire's argLine).
GDMC_TORNADO_HOME=""
for gdmc_c in "${TORNADOVM_HOME:-}" "${TORNADO_SDK:-}" /opt/tornadovm/sdk; do
  if [ -n "$gdmc_c" ] && [ -f "$gdmc_c/tornado-argfile" ] && [ -d "$gdmc_c/share/java/tornado" ]; then
    GDMC_TORNADO_HOME="$gdmc_c"
    break
  fi
done
GDMC_TORNADO_FLAGS="-Dtornado.recover.bailout=False -Dtornado.enable.fastMathOptimizations=False \
-Dtornado.enable.nativeFunctions=False -Dtornado.enable.mathOptimizations=False -Dtornado.compiler.fullInlining=True -Dtornado.opencl.compiler.flags=-w \
-Dtornado.sketcher.threads=64 -Djdk.graal.MethodInlineBailoutLimit=100000"
