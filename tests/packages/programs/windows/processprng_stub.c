/*
 * TEST-ONLY stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks.
 * Rust's standard library (1.78 and later) imports ProcessPrng from it, so
 * without this a Rust program or DLL fails to load under Wine (c0000135).
 * The tests place it beside the .exe; no package ships it (real Windows 10
 * and later have the DLL). It fills the buffer from RtlGenRandom.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
