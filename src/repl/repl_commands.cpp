// The dot-commands (command.h has their table and parser).
#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "driver/pipeline.h"
#include "repl/repl_loop.h"
#include "repl/script_writer.h"

namespace bpfsh::repl {

void Repl::run_command(const std::string &text) {
  auto cmd = parse_command(text);
  if (!cmd) return print_error(cmd.error());
  switch (cmd->kind) {
    case CommandKind::Probes: return list_probes();
    case CommandKind::Detach: return detach(cmd->arg);
    case CommandKind::Maps: return list_maps();
    case CommandKind::Print:
    case CommandKind::Clear:
    case CommandKind::Zero: return map_op(*cmd);
    case CommandKind::Save: return save(cmd->arg);
    case CommandKind::Load: return load(cmd->arg);
    case CommandKind::Format:
      live_.session().set_format(cmd->arg == "json" ? runtime::output::Format::Json
                                                    : runtime::output::Format::Text);
      return;
    case CommandKind::Help: std::cout << help_text(); return;
    case CommandKind::Quit: done_ = true; return;
  }
}

void Repl::list_probes() {
  auto rows = live_.probes();
  size_t width = 5;
  for (const auto &r : rows) width = std::max(width, r.probe.size());
  std::ostringstream out;
  auto row = [&](const std::string &id, const std::string &probe, const std::string &hits) {
    out << id << std::string(id.size() < 4 ? 4 - id.size() : 1, ' ') << probe
        << std::string(width + 2 - probe.size(), ' ') << hits << "\n";
  };
  row("ID", "PROBE", "HITS");
  for (const auto &r : rows)
    row(std::to_string(r.id), r.probe, live_.hits_counted() ? std::to_string(r.hits) : "-");
  std::cout << out.str() << std::flush;
}

// @name[key types]: value type, in the order the maps were created.
void Repl::list_maps() {
  for (const auto &m : live_.user_maps()) {
    std::string key;
    if (m.key.is_tuple()) {
      for (const auto &e : m.key.elems) key += (key.empty() ? "" : ", ") + e.str();
    } else if (!m.key.is_none()) {
      key = m.key.str();
    }
    std::cout << m.name << (key.empty() ? "" : "[" + key + "]") << ": " << m.value.str() << "\n";
  }
  std::cout << std::flush;
}

void Repl::detach(const std::string &arg) {
  auto before = live_.block_ids();
  if (std::string err = live_.detach(arg); !err.empty()) return print_error(err);
  auto after = live_.block_ids();
  for (int id : before)
    if (std::find(after.begin(), after.end(), id) == after.end()) std::cerr << "[" << id << "] detached\n";
}

void Repl::map_op(const Command &c) {
  auto &s = live_.session();
  auto r = c.kind == CommandKind::Print   ? s.print_map(c.arg)
           : c.kind == CommandKind::Clear ? s.clear_map(c.arg)
                                          : s.zero_map(c.arg);
  if (!r) print_error(r.error());
}

void Repl::save(const std::string &path) {
  auto blocks = live_.block_texts();
  std::ofstream out(path);
  out << render_script(blocks);
  out.close();
  if (!out) return print_error("failed to write '" + path + "'");
  std::cerr << "saved " << blocks.size() << " probe block" << (blocks.size() == 1 ? "" : "s") << " to " << path
            << "\n";
}

void Repl::load(const std::string &path) {
  std::ifstream in(path);
  if (!in) return print_error("failed to open file '" + path + "': " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  load_source(path, text.str());
}

void Repl::load_source(const std::string &name, const std::string &text) {
  ast::Context ctx;
  ctx.source = {name, text};
  Diagnostics diags;
  bool parsed = driver::parse(ctx, diags).ok;
  diags.render(std::cerr, ctx.source);
  if (!parsed) return;
  if (ctx.program->probes.empty()) return print_error(name + ": no probes");
  add_probes(ctx);
}

}  // namespace bpfsh::repl
