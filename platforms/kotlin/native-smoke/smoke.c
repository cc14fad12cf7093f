// Loads a built libunified_store_ffi and calls it through the same C ABI the Kotlin bindings
// use: opens an in-memory store (the migrations run through SQLite) and prints its schema
// version. scripts/package-jvm --aarch64 runs it under qemu on the cross-built linux-aarch64
// library, and natively on the host library, and compares the two: no aarch64 JVM is at hand.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t capacity; uint64_t len; uint8_t *data; } RustBuffer;
typedef struct { int8_t code; RustBuffer error_buf; } RustCallStatus;

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: smoke LIBRARY\n"); return 2; }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "smoke: %s\n", dlerror()); return 1; }
    uint32_t (*contract)(void) = (uint32_t (*)(void))dlsym(lib, "ffi_unified_store_ffi_uniffi_contract_version");
    uint64_t (*open)(RustCallStatus *) = (uint64_t (*)(RustCallStatus *))dlsym(lib, "uniffi_unified_store_ffi_fn_constructor_store_open_in_memory");
    uint64_t (*clone)(uint64_t, RustCallStatus *) = (uint64_t (*)(uint64_t, RustCallStatus *))dlsym(lib, "uniffi_unified_store_ffi_fn_clone_store");
    uint32_t (*version)(uint64_t, RustCallStatus *) = (uint32_t (*)(uint64_t, RustCallStatus *))dlsym(lib, "uniffi_unified_store_ffi_fn_method_store_schema_version");
    void (*release)(uint64_t, RustCallStatus *) = (void (*)(uint64_t, RustCallStatus *))dlsym(lib, "uniffi_unified_store_ffi_fn_free_store");
    if (!contract || !open || !clone || !version || !release) { fprintf(stderr, "smoke: a uniffi symbol is missing\n"); return 1; }

    RustCallStatus status = {0};
    uint64_t store = open(&status);
    if (status.code != 0) { fprintf(stderr, "smoke: open_in_memory failed (%d)\n", status.code); return 1; }
    // A method consumes the handle it is given: pass it a clone, as the bindings do.
    uint64_t handle = clone(store, &status);
    uint32_t schema = version(handle, &status);
    if (status.code != 0) { fprintf(stderr, "smoke: schema_version failed (%d)\n", status.code); return 1; }
    release(store, &status);
    printf("contract %u, schema version %u\n", contract(), schema);
    return 0;
}
