// What arming a timer costs on this machine (issue 6, eleventh round): each `timerfd_settime` of a timer due
// in 50 µs, which becomes the CPU's next timer event, against one due in 100 s, which does not. On a virtual
// machine the first kind reprograms the CPU's timer, which traps to the hypervisor; an event loop that sleeps
// until the next paced SUBMIT pays it once per SUBMIT.
//
//   cc -O2 -o /tmp/timer-arm-cost scripts/timer-arm-cost.c && /tmp/timer-arm-cost
#include <stdio.h>
#include <sys/timerfd.h>
#include <time.h>

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

// Arms the timer `count` times, each due `ahead_ns` (plus a little, so that every call changes it) from now;
// returns µs per call.
static double arm(int fd, long long ahead_ns, int count) {
    double start = seconds();
    for (int i = 0; i < count; i++) {
        struct timespec due;
        clock_gettime(CLOCK_MONOTONIC, &due);
        long long nanoseconds = due.tv_nsec + ahead_ns + (i % 7) * 1000;
        due.tv_sec += nanoseconds / 1000000000;
        due.tv_nsec = nanoseconds % 1000000000;
        struct itimerspec value = {.it_value = due};
        if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &value, NULL) != 0) {
            perror("timerfd_settime");
            return -1;
        }
    }
    return (seconds() - start) / count * 1e6;
}

int main(void) {
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (fd < 0) {
        perror("timerfd_create");
        return 1;
    }
    const int count = 200000;
    printf("timerfd_settime, due in 50 µs (the CPU's next timer): %.2f µs per call\n", arm(fd, 50000, count));
    printf("timerfd_settime, due in 100 s:                        %.2f µs per call\n", arm(fd, 100000000000LL, count));
    return 0;
}
