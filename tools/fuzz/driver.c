/*
 * The libFuzzer side of the SharpFuzz protocol, for tools/fuzz.sh (built with clang -fsanitize=fuzzer).
 *
 * libFuzzer calls LLVMFuzzerTestOneInput for every input; the code under test runs in a separate .NET
 * process (the harness, which calls SharpFuzz's Fuzzer.LibFuzzer.Run). The two share one System V shared
 * memory segment: its first 64 KiB are the edge-hit map that SharpFuzz's instrumentation of the reference
 * writes, the next 1 MiB holds the input. Two pipes carry 4-byte native-endian integers: on the control pipe
 * the driver sends the input's length, on the status pipe the harness answers 0 (passed) or not 0 (threw);
 * the harness also writes one integer on the status pipe when it is ready. The driver names the segment and
 * the pipes' descriptors to the harness in environment variables. After each input the map is copied into
 * a section libFuzzer reads as extra coverage counters, so libFuzzer's guidance is the reference's coverage.
 *
 * Flags (besides libFuzzer's own): --target_path=PROGRAM and --target_arg=ARG, the harness and its one argument.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAP_BYTES (1 << 16)
#define INPUT_BYTES (1 << 20)

__attribute__((section("__libfuzzer_extra_counters"))) uint8_t coverage_counters[MAP_BYTES];

/* Every map slot any input has hit, for the coverage figure printed at exit. */
static uint8_t ever_hit[MAP_BYTES];
static uint8_t *shared;
static int control_fd = -1;
static int status_fd = -1;
static pid_t harness;

static void fail(const char *what)
{
    fprintf(stderr, "fuzz driver: %s (%s)\n", what, errno ? strerror(errno) : "no detail");
    exit(1);
}

static const char *flag(int argc, char **argv, const char *name)
{
    size_t length = strlen(name);
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], name, length) == 0 && argv[i][length] == '=') return argv[i] + length + 1;
    return NULL;
}

static int transfer(int fd, void *buffer, int writing)
{
    size_t done = 0;
    while (done < 4)
    {
        ssize_t n = writing ? write(fd, (char *)buffer + done, 4 - done) : read(fd, (char *)buffer + done, 4 - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        done += (size_t)n;
    }
    return 1;
}

static void print_coverage(void)
{
    int hit = 0;
    for (int i = 0; i < MAP_BYTES; i++) hit += ever_hit[i] != 0;
    fprintf(stderr, "reference edges hit: %d of %d map slots\n", hit, MAP_BYTES);
}

static void finish(void)
{
    print_coverage();
    if (shared) shmdt(shared);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *path = flag(*argc, *argv, "--target_path");
    const char *arg = flag(*argc, *argv, "--target_arg");
    if (!path) { errno = 0; fail("no --target_path=PROGRAM given: the .NET harness to run"); }

    int id = shmget(IPC_PRIVATE, MAP_BYTES + INPUT_BYTES, IPC_CREAT | IPC_EXCL | 0600);
    if (id < 0) fail("shmget failed");
    shared = shmat(id, NULL, 0);
    if (shared == (void *)-1) fail("shmat failed");
    /* Marked for removal now: it goes when both processes have detached, however they end. */
    shmctl(id, IPC_RMID, NULL);
    atexit(finish);

    int control[2], status[2];
    if (pipe(control) || pipe(status)) fail("pipe failed");

    char text[32];
    snprintf(text, sizeof text, "%d", id);
    setenv("__LIBFUZZER_SHM_ID", text, 1);
    snprintf(text, sizeof text, "%d", control[0]);
    setenv("__LIBFUZZER_CONTROL_PIPE_ID", text, 1);
    snprintf(text, sizeof text, "%d", status[1]);
    setenv("__LIBFUZZER_STATUS_PIPE_ID", text, 1);

    harness = fork();
    if (harness < 0) fail("fork failed");
    if (harness == 0)
    {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(control[1]);
        close(status[0]);
        execl(path, path, arg, (char *)NULL);
        fail("could not start the harness given by --target_path");
    }
    close(control[0]);
    close(status[1]);
    control_fd = control[1];
    status_fd = status[0];
    signal(SIGPIPE, SIG_IGN);

    int32_t ready;
    if (!transfer(status_fd, &ready, 0)) { errno = 0; fail("the harness ended before it was ready"); }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > INPUT_BYTES) return 0; /* larger than the segment holds: not run */
    memset(shared, 0, MAP_BYTES);
    memcpy(shared + MAP_BYTES, data, size);
    int32_t length = (int32_t)size, verdict;
    if (!transfer(control_fd, &length, 1) || !transfer(status_fd, &verdict, 0))
    {
        fprintf(stderr, "fuzz driver: the harness process ended while running this input\n");
        print_coverage();
        abort();
    }
    memcpy(coverage_counters, shared, MAP_BYTES);
    for (int i = 0; i < MAP_BYTES; i++) ever_hit[i] |= shared[i];
    if (verdict != 0)
    {
        fprintf(stderr, "fuzz driver: the harness reported a failure (its message is above)\n");
        print_coverage();
        abort();
    }
    return 0;
}
