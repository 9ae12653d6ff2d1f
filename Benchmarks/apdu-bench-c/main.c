// The reference for the APDU benchmark: the same APDU sent by a minimal C program straight
// over libpcsclite, with nothing between it and SCardTransmit.
//
//   apdu-bench-c READER COUNT
// prints one JSON line: {"count":N,"median_ns":...,"p99_ns":...,"mean_ns":...}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <winscard.h>

static int compare(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s READER COUNT\n", argv[0]);
        return 2;
    }
    const char *reader = argv[1];
    int count = atoi(argv[2]);
    if (count <= 0) {
        fprintf(stderr, "COUNT must be positive\n");
        return 2;
    }
    SCARDCONTEXT context;
    SCARDHANDLE card;
    DWORD protocol;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != SCARD_S_SUCCESS) {
        fprintf(stderr, "SCardEstablishContext: %s\n", pcsc_stringify_error(rv));
        return 1;
    }
    rv = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
    if (rv != SCARD_S_SUCCESS) {
        fprintf(stderr, "SCardConnect: %s\n", pcsc_stringify_error(rv));
        return 1;
    }
    const SCARD_IO_REQUEST *pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    const BYTE command[] = {0xFF, 0xCA, 0x00, 0x00, 0x00};
    BYTE response[258];
    long long *samples = malloc(sizeof(long long) * (size_t)count);
    for (int i = -100; i < count; i++) {  // 100 warm-up round trips, not counted
        DWORD length = sizeof(response);
        long long start = now_ns();
        rv = SCardTransmit(card, pci, command, sizeof(command), NULL, response, &length);
        long long elapsed = now_ns() - start;
        if (rv != SCARD_S_SUCCESS || length < 2 || response[length - 2] != 0x90) {
            fprintf(stderr, "SCardTransmit failed: %s\n", pcsc_stringify_error(rv));
            return 1;
        }
        if (i >= 0) samples[i] = elapsed;
    }
    long long total = 0;
    for (int i = 0; i < count; i++) total += samples[i];
    qsort(samples, (size_t)count, sizeof(long long), compare);
    printf("{\"count\":%d,\"median_ns\":%lld,\"p99_ns\":%lld,\"mean_ns\":%lld}\n",
           count, samples[count / 2], samples[(count * 99) / 100], total / count);
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(context);
    free(samples);
    return 0;
}
