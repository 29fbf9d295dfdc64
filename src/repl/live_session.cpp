#include "repl/live_session.h"

#include <cstdlib>

#include "repl/scratch_variables.h"
#include "repl/script_writer.h"
#include "repl/unit_compiler.h"

namespace bpfsh::repl {

LiveSession::LiveSession(runtime::SessionOptions opts, bool unsafe, host::Host &host)
    : session_(opts), unsafe_(unsafe), host_(host) {
  // Without run statistics `.probes` still works; it shows no hits.
  hits_counted_ = session_.enable_run_stats().has_value();
}

sema::SemaOptions LiveSession::sema_options(const std::vector<sema::MapInfo> &known) const {
  sema::SemaOptions o;
  o.host = &host_;
  o.unsafe = unsafe_;
  o.known_maps = known;
  o.live = true;
  o.env = [](const char *name) -> const char * { return std::getenv(name); };
  return o;
}

namespace {

std::string probe_label(const ast::Probe &p) {
  std::string out;
  for (auto *ap : p.attach_points) out += (out.empty() ? "" : ",") + ap->raw;
  return out;
}

// A run-time error; one that points into the entry comes rendered.
void runtime_error(Diagnostics &diags, const std::string &msg) {
  if (!runtime::is_rendered(msg)) {
    diags.error_unlocated(msg);
    return;
  }
  Diagnostic d;
  d.rendered = runtime::error_text(msg);
  diags.add(std::move(d));
}

bool only_probes(const ast::Program &p) {
  for (auto *m : p.macros)
    if (!m->from_stdlib) return false;
  return p.config.empty() && p.map_decls.empty();
}

}  // namespace

std::optional<int> LiveSession::attach_block(CompiledUnit unit, std::string text, std::string probe,
                                             Diagnostics &diags) {
  auto index = session_.load(std::move(unit.artifact));
  if (!index) {
    runtime_error(diags, index.error());
    return std::nullopt;
  }
  if (auto r = session_.attach(*index); !r) {
    session_.unload(*index);
    runtime_error(diags, r.error());
    return std::nullopt;
  }
  session_.keep_maps(*index);
  maps_ = std::move(unit.maps);
  if (auto r = session_.run_begin(*index); !r) {
    session_.unload(*index);
    runtime_error(diags, r.error());
    return std::nullopt;
  }
  blocks_.push_back({next_id_, std::move(text), std::move(probe), *index});
  return next_id_++;
}

void LiveSession::roll_back_to(size_t first) {
  if (first >= blocks_.size()) return;
  next_id_ = blocks_[first].id;
  for (size_t i = first; i < blocks_.size(); i++) session_.unload(blocks_[i].unit);
  blocks_.resize(first);
}

std::optional<std::vector<int>> LiveSession::add_probes(ast::Context &ctx, Diagnostics &diags) {
  ast::Program *whole = ctx.program;
  // Probes that share a map learn its type from each other: check them
  // together first, then give each block every map the entry uses.
  std::vector<sema::MapInfo> maps = maps_;
  if (whole->probes.size() != 1 || !only_probes(*whole))
    if (!check_program(ctx, sema_options(maps_), maps, diags)) return std::nullopt;
  size_t first = blocks_.size();
  std::vector<int> ids;
  for (ast::Probe *p : whole->probes) {
    auto *one = ctx.make<ast::Program>(p->range);
    one->probes = {p};
    one->macros = whole->macros;  // each block expands the entry's macros itself
    ctx.program = one;
    auto unit = compile_program(ctx, sema_options(maps), diags);
    std::optional<int> id;
    if (unit) id = attach_block(std::move(*unit), slice(ctx.source, p->range), probe_label(*p), diags);
    if (!id) {
      ctx.program = whole;
      roll_back_to(first);
      return std::nullopt;
    }
    ids.push_back(*id);
  }
  ctx.program = whole;
  return ids;
}

bool LiveSession::run_statements(ast::Context &ctx, const std::vector<ast::Stmt *> &stmts, Diagnostics &diags) {
  // A bare map name prints the whole map, read from user space.
  if (stmts.size() == 1 && stmts[0]->kind == ast::StmtKind::Expr) {
    auto *e = static_cast<ast::ExprStmt *>(stmts[0])->expr;
    auto *m = e->kind == ast::ExprKind::Map ? static_cast<ast::MapRef *>(e) : nullptr;
    if (m && m->keys.empty()) {
      if (!session_.has_map(m->name)) {
        diags.error(m->range, "Undefined map: " + m->name);
        return false;
      }
      if (auto r = session_.print_map(m->name); !r) {
        runtime_error(diags, r.error());
        return false;
      }
      return true;
    }
  }
  auto unit = compile_statements(ctx, stmts, sema_options(maps_), diags);
  if (!unit) return false;
  auto index = session_.load(std::move(unit->artifact));
  if (!index) {
    runtime_error(diags, index.error());
    return false;
  }
  session_.keep_maps(*index);
  maps_ = std::move(unit->maps);
  auto ran = session_.run_begin(*index);
  session_.unload(*index);  // handles the events it queued
  if (!ran) runtime_error(diags, ran.error());
  return ran.has_value();
}

std::vector<sema::MapInfo> LiveSession::user_maps() const {
  std::vector<sema::MapInfo> out;
  for (const auto &m : maps_)
    if (!is_scratch_map(m.name)) out.push_back(m);
  return out;
}

// An empty map prints nothing at the end.
runtime::Result<void> LiveSession::finish() {
  for (const auto &m : maps_)
    if (is_scratch_map(m.name)) (void)session_.clear_map(m.name);
  return session_.finish();
}

std::string LiveSession::detach(const std::string &id) {
  if (id == "all") {
    for (const auto &b : blocks_) session_.unload(b.unit);
    blocks_.clear();
    return "";
  }
  for (size_t i = 0; i < blocks_.size(); i++) {
    if (std::to_string(blocks_[i].id) != id) continue;
    session_.unload(blocks_[i].unit);
    blocks_.erase(blocks_.begin() + static_cast<long>(i));
    return "";
  }
  return "no probe block " + id + " (.probes lists them)";
}

std::vector<ProbeRow> LiveSession::probes() const {
  std::vector<ProbeRow> rows;
  for (const auto &b : blocks_) {
    uint64_t hits = 0;
    for (uint64_t n : session_.run_counts(b.unit)) hits += n;
    rows.push_back({b.id, b.probe, hits});
  }
  return rows;
}

std::vector<int> LiveSession::block_ids() const {
  std::vector<int> ids;
  for (const auto &b : blocks_) ids.push_back(b.id);
  return ids;
}

std::vector<std::string> LiveSession::block_texts() const {
  std::vector<std::string> texts;
  for (const auto &b : blocks_) texts.push_back(b.text);
  return texts;
}

}  // namespace bpfsh::repl
