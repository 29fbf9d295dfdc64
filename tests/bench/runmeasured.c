// runmeasured TIMEOUT_S CMD [ARG...]: runs CMD with stdin, stdout and stderr
// on /dev/null and prints "<wall ns> <peak RSS KiB> <exit status>".
//
// scripts/bench measures through this small process, not from Python: a
// child's peak RSS includes the memory of the process it was forked from
// (the kernel keeps the high-water mark across exec), which for Python is
// about 15 MB; this program's own is about 1 MB.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child;

static void on_alarm(int sig) {
  (void)sig;
  if (child > 0) kill(child, SIGKILL);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s TIMEOUT_S CMD [ARG...]\n", argv[0]);
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  child = fork();
  if (child < 0) return 2;
  if (child == 0) {
    int fd = open("/dev/null", O_RDWR);
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  signal(SIGALRM, on_alarm);
  alarm((unsigned)atoi(argv[1]));
  int status;
  struct rusage ru;
  while (wait4(child, &status, 0, &ru) < 0) {
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%lld %ld %d\n", ns, ru.ru_maxrss, code);
  return 0;
}
