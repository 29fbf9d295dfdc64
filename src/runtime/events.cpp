#include "runtime/events.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "runtime/map_reader.h"
#include "runtime/messages.h"
#include "runtime/shell.h"
#include "runtime/symbol_resolver.h"
#include "runtime/time_format.h"

namespace bpfsh::runtime {

namespace {

using artifact::EventType;

void report(const std::string &msg) { std::fprintf(stderr, "ERROR: %s\n", msg.c_str()); }

uint64_t u64_at(const uint8_t *p, size_t size, size_t off) {
  uint64_t v = 0;
  if (off + 8 <= size) std::memcpy(&v, p + off, 8);
  return v;
}

}  // namespace

Result<EventHandler> EventHandler::create(const artifact::Artifact &artifact, std::vector<MapRef> maps,
                                          output::Output &out, SymbolResolver *symbols) {
  EventHandler h(artifact, std::move(maps), out, symbols);
  h.source_.name = artifact.source_name;
  h.source_.text = artifact.source_text;
  for (const auto &f : artifact.formats) {
    auto compiled = Formatter::compile(f, symbols);
    if (!compiled) return fail(compiled.error());
    h.formats_.push_back(std::move(*compiled));
  }
  for (const auto &c : artifact.captures) {
    auto file = PcapFile::create(c.path, c.link_type, c.snaplen);
    if (!file) return fail(file.error());
    h.captures_.push_back(std::move(*file));
  }
  return h;
}

void EventHandler::handle(const uint8_t *data, size_t size) {
  artifact::EventHeader hdr;
  if (size < sizeof hdr) return report("event: record of " + std::to_string(size) + " bytes is too short");
  std::memcpy(&hdr, data, sizeof hdr);
  const uint8_t *payload = data + sizeof hdr;
  size_t psize = size - sizeof hdr;
  bool stopped = stopped_ && stopped_();
  if (!dropping_ && stopped) dropping_ = true;
  bool iterator_output = iterating_ && exit_ && !stopped && EventType(hdr.type) == EventType::Printf;
  if (dropping_ && !iterator_output) return;
  if (holding_ && hold_event(EventType(hdr.type), hdr.id, data, size)) return;
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
      exit_status_ = int(u64_at(payload, psize, 0));
      return;
    case EventType::ProcessSeen:
      return on_process_seen(payload, psize);
    case EventType::StackSample:
      if (symbols_) symbols_->add_sample(payload, psize);
      return;
    case EventType::Time:
      return on_time(hdr.id);
    case EventType::Join:
      return on_join(hdr.id, payload, psize);
    case EventType::HelperError:
      return on_helper_error(hdr.id, payload, psize);
    case EventType::DivideByZero:
      return on_divide_by_zero(hdr.id);
    case EventType::ArrayOutOfBounds:
      return on_array_out_of_bounds(hdr.id);
    case EventType::Packet:
    case EventType::SkbPacket:
      return on_packet(hdr.id, payload, psize, EventType(hdr.type) == EventType::SkbPacket);
    case EventType::Unwatch: {
      if (psize < 8) return report("event: unwatch without an address");
      uint64_t addr;
      std::memcpy(&addr, payload, 8);
      unwatched_.push_back(addr);
      return;
    }
  }
  report("event: unknown type " + std::to_string(hdr.type));
}

// Whether the event was held; clear() and zero() before any exit() are not,
// so the prints held after them read the map as they left it.
bool EventHandler::hold_event(EventType type, uint32_t id, const uint8_t *data, size_t size) {
  if (type == EventType::Exit) held_exit_ = true;
  if (type == EventType::StackSample) return false;  // unwound while its process still runs
  if ((type == EventType::ClearMap || type == EventType::ZeroMap) && !held_exit_) return false;
  Held h;
  h.event.assign(data, data + size);
  if (type == EventType::PrintMap && !held_exit_ && id < maps_.size() && maps_[id].fd >= 0) {
    auto view = read_map(*maps_[id].spec, maps_[id].fd, maps_[id].symbols);
    if (view) h.map = std::move(*view);
  }
  held_.push_back(std::move(h));
  return true;
}

void EventHandler::release() {
  holding_ = false;
  held_exit_ = false;
  auto held = std::move(held_);
  held_.clear();
  for (auto &h : held) {
    if (!h.map) {
      handle(h.event.data(), h.event.size());
      continue;
    }
    if (dropping_) continue;
    const uint8_t *payload = h.event.data() + sizeof(artifact::EventHeader);
    size_t psize = h.event.size() - sizeof(artifact::EventHeader);
    out_->map(std::move(*h.map), u64_at(payload, psize, 0), u64_at(payload, psize, 8));
  }
}

void EventHandler::on_formatted(EventType type, uint32_t id, const uint8_t *payload, size_t size) {
  if (id >= formats_.size()) return report("event: no format #" + std::to_string(id));
  text_.clear();
  formats_[id].format(payload, size, text_);
  const auto &spec = artifact_->formats[id];
  if (type == EventType::Printf && spec.level != artifact::FormatSpec::Level::Plain) return on_message(spec, text_);
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

// system(): the command's output goes where ours goes (-o, json).
void EventHandler::run_shell(const std::string &cmd) {
  out_->flush();
  auto text = run_shell_captured(cmd);
  if (!text) return report(text.error());
  out_->syscall(*text);
}

void EventHandler::on_message(const artifact::FormatSpec &spec, std::string text) {
  bool error = spec.level == artifact::FormatSpec::Level::Error;
  if (!error && !warnings_) return;
  if (spec.site < 0 || size_t(spec.site) >= artifact_->sites.size()) return report("event: message without a site");
  out_->message(format_message(artifact_->sites[spec.site], error, std::move(text), source_));
}

// Each site warns once, as a division by zero does: a lookup that misses
// in a hot probe (-k) would flood stderr.
void EventHandler::on_helper_error(uint32_t id, const uint8_t *payload, size_t size) {
  if (id >= artifact_->sites.size()) return report("event: no site #" + std::to_string(id));
  if (!warnings_ || !helper_failed_.insert(id).second) return;
  out_->message(helper_message(artifact_->sites[id], int64_t(u64_at(payload, size, 0)), source_));
}

// Each site warns once: a division in a hot probe would flood stderr.
void EventHandler::on_divide_by_zero(uint32_t id) {
  if (id >= artifact_->sites.size()) return report("event: no site #" + std::to_string(id));
  if (!warnings_ || !divided_by_zero_.insert(id).second) return;
  out_->message(divide_by_zero_message(artifact_->sites[id], source_));
}

void EventHandler::on_array_out_of_bounds(uint32_t id) {
  if (id >= artifact_->sites.size()) return report("event: no site #" + std::to_string(id));
  if (!warnings_ || !out_of_bounds_.insert(id).second) return;
  out_->message(out_of_bounds_message(artifact_->sites[id], source_));
}

void EventHandler::on_time(uint32_t id) {
  if (id >= artifact_->time_formats.size()) return report("event: no time format #" + std::to_string(id));
  out_->time(format_time(artifact_->time_formats[id], wall_now()));
}

// join(): u64 count, then `count` NUL-terminated strings of arg_size bytes.
void EventHandler::on_join(uint32_t id, const uint8_t *payload, size_t size) {
  if (id >= artifact_->joins.size()) return report("event: no join #" + std::to_string(id));
  const auto &spec = artifact_->joins[id];
  uint64_t count = std::min<uint64_t>(u64_at(payload, size, 0), spec.max_args);
  std::string text;
  for (uint64_t i = 0; i < count; i++) {
    size_t off = 8 + i * spec.arg_size;
    if (off >= size) break;
    const char *s = reinterpret_cast<const char *>(payload + off);
    if (i) text += spec.sep;
    text.append(s, strnlen(s, std::min<size_t>(spec.arg_size, size - off)));
  }
  out_->join(text);
}

// pcap(): u64 bpf_ktime_get_ns, u32 bytes captured, u32 the packet's
// length, the bytes. skboutput(): the same, but the second u32 is how many
// bytes at the start the file leaves out, and what is left is the length.
void EventHandler::on_packet(uint32_t id, const uint8_t *payload, size_t size, bool skb) {
  if (id >= captures_.size()) return report("event: no pcap file #" + std::to_string(id));
  uint32_t captured = 0, length = 0;
  if (size >= 16) {
    std::memcpy(&captured, payload + 8, 4);
    std::memcpy(&length, payload + 12, 4);
  }
  if (size < 16 || captured > size - 16) return report("event: pcap record is too short");
  const uint8_t *bytes = payload + 16;
  if (skb) {
    uint32_t skip = std::min(length, captured);
    bytes += skip;
    captured = length = captured - skip;
  }
  auto written = captures_[id].write(monotonic_to_wall(u64_at(payload, size, 0)), bytes, captured, length);
  if (!written && capture_failed_.insert(id).second) report(written.error());
}

void EventHandler::flush_captures() {
  for (auto &c : captures_) c.flush();
}

void EventHandler::cat_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return report(errno_message("file '" + path + "'", "failed to open", errno));
  // At most max_cat_bytes, as bpftrace: /proc files can be endless.
  std::string text(artifact_->settings.max_cat_bytes, '\0');
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(size_t(in.gcount()));
  out_->cat(text);
}

}  // namespace bpfsh::runtime
