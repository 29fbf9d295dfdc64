#pragma once
// While a SignalWatch lives, SIGINT and SIGTERM ask the session to stop
// (they no longer kill the process), SIGCHLD wakes it and SIGUSR1 is counted
// for self:signal:SIGUSR1 probes. Each signal writes
// a byte to a pipe, so a poll loop can wait on fd() beside the ring buffer.
// The previous handlers come back when it is destroyed. One at a time.
//
// SIGHUP ends bpfsh as its default action does (nothing more is printed;
// bpfsh dies of it), as bpftrace, which does not catch it; unless it is
// ignored (nohup). Only while probes are attached (hangup_detaches) it is
// caught, so that the session detaches them first, in parallel and through
// the detach helper (detach.h), and then dies of it: left to the kernel as
// the process dies, tracepoints are detached one after another, 25-90 ms
// each, while their programs still run.
namespace bpfsh::runtime {

// From now on SIGINT and SIGTERM only record a stop request (see
// stop_signalled), even when the shell started us with SIGINT ignored (a
// background job): a stop during compiling, loading or attaching is never
// lost. A SignalWatch made later keeps a request that came before it.
void catch_stop_signals();
bool stop_signalled();
// While on, a SIGINT or SIGTERM (or one that came before) ends the process
// at once with status 0, as bpftrace ends when one comes while it compiles:
// before anything is loaded there is nothing to undo or print, and checking
// a program of hundreds of probes can take seconds.
void exit_on_stop(bool on);

class SignalWatch {
 public:
  SignalWatch();
  ~SignalWatch();
  SignalWatch(const SignalWatch &) = delete;
  SignalWatch &operator=(const SignalWatch &) = delete;

  int fd() const;              // readable after any watched signal
  void drain();                // empties the pipe
  bool stop_requested() const; // SIGINT or SIGTERM arrived (or SIGHUP, while caught)
  int take_usr1();             // SIGUSR1s since the last call

  // On while probes are attached: a SIGHUP only asks to stop, and
  // hangup_requested() says so. Off again, a SIGHUP that came is no longer
  // acted on by the handler: call die_of_hangup().
  void hangup_detaches(bool on);
  bool hangup_requested() const;
  [[noreturn]] void die_of_hangup();
  // From now on SIGINT has its default action, as bpftrace gives it back
  // before it prints the maps: a second Ctrl-C ends a long print.
  void let_sigint_kill();
};

}  // namespace bpfsh::runtime
