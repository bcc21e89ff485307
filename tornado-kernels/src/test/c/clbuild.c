/*
 * clbuild FILE [OPTIONS]: builds the OpenCL C source in FILE for the first device of the first OpenCL platform (PoCL
 * where the TornadoVM SDK was built by shared/tools/tornadovm-sdk) with the given build options; prints the build log
 * and exits 1 when the build fails, 2 when no OpenCL device is found, 0 when it succeeds. Used by
 * VirtualGpuSourceTest to compile kernels TornadoVM generated for a virtual GPU, which it cannot run.
 */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: clbuild FILE [OPTIONS]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *src = malloc(n + 1);
    if (fread(src, 1, n, f) != (size_t) n) {
        perror(argv[1]);
        return 2;
    }
    src[n] = 0;
    fclose(f);
    cl_platform_id platform;
    cl_device_id device;
    cl_uint count = 0;
    if (clGetPlatformIDs(1, &platform, &count) != CL_SUCCESS || count == 0
            || clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, &count) != CL_SUCCESS || count == 0) {
        fprintf(stderr, "clbuild: no OpenCL device\n");
        return 2;
    }
    cl_int err;
    cl_context context = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
    if (err != CL_SUCCESS) {
        fprintf(stderr, "clbuild: no context (%d)\n", err);
        return 2;
    }
    const char *sources[] = {src};
    cl_program program = clCreateProgramWithSource(context, 1, sources, NULL, &err);
    if (err != CL_SUCCESS) {
        fprintf(stderr, "clbuild: no program (%d)\n", err);
        return 2;
    }
    cl_int built = clBuildProgram(program, 1, &device, argc > 2 ? argv[2] : "", NULL, NULL);
    size_t logLength = 0;
    clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, NULL, &logLength);
    char *log = malloc(logLength + 1);
    clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, logLength, log, NULL);
    log[logLength] = 0;
    if (built != CL_SUCCESS) {
        fprintf(stderr, "clbuild: %s does not build (%d):\n%s\n", argv[1], built, log);
        return 1;
    }
    cl_uint kernels = 0;
    clCreateKernelsInProgram(program, 0, NULL, &kernels);
    printf("%u kernel(s)\n", kernels);
    return 0;
}
