#include "runtime/events.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/map_reader.h"
#include "runtime/symbol_resolver.h"

extern char **environ;

namespace bpfsh::runtime {

namespace {

using codegen::EventType;

void report(const std::string &msg) { std::fprintf(stderr, "ERROR: %s\n", msg.c_str()); }

uint64_t u64_at(const uint8_t *p, size_t size, size_t off) {
  uint64_t v = 0;
  if (off + 8 <= size) std::memcpy(&v, p + off, 8);
  return v;
}

}  // namespace

Result<EventHandler> EventHandler::create(const codegen::Artifact &artifact, std::vector<MapRef> maps,
                                          output::Output &out, SymbolResolver *symbols) {
  EventHandler h(artifact, std::move(maps), out, symbols);
  for (const auto &f : artifact.formats) {
    auto compiled = Formatter::compile(f, symbols);
    if (!compiled) return fail(compiled.error());
    h.formats_.push_back(std::move(*compiled));
  }
  return h;
}

void EventHandler::handle(const uint8_t *data, size_t size) {
  codegen::EventHeader hdr;
  if (size < sizeof hdr) return report("event: record of " + std::to_string(size) + " bytes is too short");
  std::memcpy(&hdr, data, sizeof hdr);
  const uint8_t *payload = data + sizeof hdr;
  size_t psize = size - sizeof hdr;
  if (dropping_) return;
  switch (EventType(hdr.type)) {
    case EventType::Printf:
    case EventType::System:
    case EventType::Cat:
      return on_formatted(EventType(hdr.type), hdr.id, payload, psize);
    case EventType::PrintMap:
    case EventType::ClearMap:
    case EventType::ZeroMap:
      return on_map(EventType(hdr.type), hdr.id, payload, psize);
    case EventType::PrintValue:
      return on_value(hdr.id, payload, psize);
    case EventType::Exit:
      exit_ = dropping_ = true;
      return;
    case EventType::ProcessSeen:
      return on_process_seen(payload, psize);
  }
  report("event: unknown type " + std::to_string(hdr.type));
}

void EventHandler::on_formatted(EventType type, uint32_t id, const uint8_t *payload, size_t size) {
  if (id >= formats_.size()) return report("event: no format #" + std::to_string(id));
  text_.clear();
  formats_[id].format(payload, size, text_);
  if (type == EventType::Printf) return out_->printf(text_);
  if (type == EventType::System) return run_shell(text_);
  cat_file(text_);
}

void EventHandler::on_map(EventType type, uint32_t id, const uint8_t *payload, size_t size) {
  if (id >= maps_.size() || maps_[id].fd < 0) return report("event: no map #" + std::to_string(id));
  const MapRef &m = maps_[id];
  Result<void> done;
  if (type == EventType::ClearMap) {
    done = clear_map(*m.spec, m.fd);
  } else if (type == EventType::ZeroMap) {
    done = zero_map(*m.spec, m.fd);
  } else {
    auto view = read_map(*m.spec, m.fd, m.symbols);
    if (!view) return report(view.error());
    out_->map(std::move(*view), u64_at(payload, size, 0), u64_at(payload, size, 8));
  }
  if (!done) report(done.error());
}

void EventHandler::on_process_seen(const uint8_t *payload, size_t size) {
  if (!symbols_ || size < 24) return;
  uint64_t probe = u64_at(payload, size, 16);
  std::string binary;
  if (probe < artifact_->probes.size()) binary = artifact_->probes[probe].target;
  symbols_->process_seen(int32_t(u64_at(payload, size, 0)), binary, u64_at(payload, size, 8));
}

void EventHandler::on_value(uint32_t id, const uint8_t *payload, size_t size) {
  if (id >= artifact_->values.size()) return report("event: no value #" + std::to_string(id));
  const auto &layout = artifact_->values[id];
  if (size < layout.size) return report("event: print() record is too short");
  out_->value(decode(layout, payload, symbols_));
}

// system(): our output first, then the command's, straight to our stdout.
void EventHandler::run_shell(const std::string &cmd) {
  out_->flush();
  std::fflush(stdout);
  const char *argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
  pid_t pid;
  int rc = posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char **>(argv), environ);
  if (rc != 0) return report(errno_message("system(\"" + cmd + "\")", "failed to run", rc));
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

void EventHandler::cat_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return report(errno_message("file '" + path + "'", "failed to open", errno));
  std::ostringstream all;
  all << in.rdbuf();
  out_->cat(all.str());
}

}  // namespace bpfsh::runtime
