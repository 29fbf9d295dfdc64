#pragma once
// The REPL's one live tracing session: the probe blocks the user attached,
// the maps they share, and the statements run once in between. Every entry
// either fully happens or changes nothing: a block that fails to compile,
// load or attach leaves the session as it was.
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diag.h"
#include "runtime/session.h"
#include "sema/options.h"

namespace bpfsh::repl {

struct CompiledUnit;

struct ProbeRow {
  int id = 0;
  std::string probe;  // the attach points as written
  uint64_t hits = 0;  // program runs since the block was attached
};

class LiveSession {
 public:
  // `host` answers sema's questions about the machine; it must outlive this.
  LiveSession(runtime::SessionOptions opts, bool unsafe, host::Host &host);
  host::Host &host() const { return host_; }

  // Each probe of ctx.program becomes a block of its own, attached, with
  // BEGIN run at once. All or none: on an error (in diags, located when it
  // is the program's fault) no block of this entry stays. Returns the ids.
  std::optional<std::vector<int>> add_probes(ast::Context &ctx, Diagnostics &diags);

  // Runs statements once (see unit_compiler.h); a bare map name prints the
  // map. Returns false with diags holding the error.
  bool run_statements(ast::Context &ctx, const std::vector<ast::Stmt *> &stmts, Diagnostics &diags);

  // `id` is a block id or "all". Returns the error message, or "".
  std::string detach(const std::string &id);

  std::vector<ProbeRow> probes() const;
  bool hits_counted() const { return hits_counted_; }
  // Every map, in the order they were created, with the types sema gave them;
  // the maps that hold scratch variables (scratch_variables.h) too.
  const std::vector<sema::MapInfo> &maps() const { return maps_; }
  // The maps entries name: maps() without the scratch variables' maps.
  std::vector<sema::MapInfo> user_maps() const;
  std::vector<int> block_ids() const;
  // The blocks' source text, in the order they were added (for .save).
  std::vector<std::string> block_texts() const;

  runtime::Session &session() { return session_; }
  // Ends the session (runtime::Session::finish): detaches everything, runs
  // END and prints the maps, none of the scratch variables'.
  runtime::Result<void> finish();

 private:
  struct Block {
    int id;
    std::string text;
    std::string probe;
    size_t unit;
  };
  sema::SemaOptions sema_options(const std::vector<sema::MapInfo> &known) const;
  std::optional<int> attach_block(CompiledUnit unit, std::string text, std::string probe,
                                  Diagnostics &diags);
  // Undoes the blocks of an entry that failed part way; their ids are reused.
  void roll_back_to(size_t first);

  runtime::Session session_;
  bool unsafe_;
  host::Host &host_;
  bool hits_counted_ = false;
  std::vector<Block> blocks_;
  std::vector<sema::MapInfo> maps_;
  int next_id_ = 1;
};

}  // namespace bpfsh::repl
