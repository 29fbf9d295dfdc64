// The registry and codegen's emitter tables agree: every row sema does not
// lower has an emitter of its kind, and every emitter serves a row.
#include <gtest/gtest.h>

#include "codegen/codegen.h"
#include "codegen/emitter_index.h"
#include "sema/registry/registry.h"
#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

namespace reg = sema::registry;

// The kind of emitter a row needs: a call, a variable's value, or an
// aggregation stored into its map.
enum class Need { Call, Var, Agg };

Need need_of(const reg::Row &r) {
  if (r.kind == reg::Kind::Variable) return Need::Var;
  return r.family == reg::Family::Aggregates ? Need::Agg : Need::Call;
}

bool has(const codegen::EmitterKinds &k, Need n) { return n == Need::Call ? k.call : n == Need::Var ? k.var : k.agg; }

TEST(Emitters, EveryRowHasAnEmitterOrALowering) {
  auto kinds = codegen::emitter_kinds();
  for (const reg::Row *r : reg::rows()) {
    SCOPED_TRACE(r->name);
    if (r->lowering != reg::Lowering::None) continue;
    ASSERT_NE(r->emit, reg::EmitId::None) << "neither an emitter id nor a lowering";
    EXPECT_TRUE(has(kinds[static_cast<unsigned>(r->emit)], need_of(*r))) << "no emitter of its kind in codegen";
  }
}

TEST(Emitters, EveryEmitterServesARow) {
  auto kinds = codegen::emitter_kinds();
  EXPECT_EQ(kinds[static_cast<unsigned>(reg::EmitId::None)].registrations, 0u);
  for (unsigned id = 1; id < reg::kEmitIdCount; id++) {
    SCOPED_TRACE("emitter id " + std::to_string(id));
    const codegen::EmitterKinds &k = kinds[id];
    EXPECT_LE(k.registrations, 1u) << "registered by two families";
    bool used[3] = {};
    for (const reg::Row *r : reg::rows())
      if (static_cast<unsigned>(r->emit) == id) used[static_cast<int>(need_of(*r))] = true;
    EXPECT_EQ(k.call, used[0]) << "a call emitter no function row uses, or the reverse";
    EXPECT_EQ(k.var, used[1]) << "a variable emitter no variable row uses, or the reverse";
    EXPECT_EQ(k.agg, used[2]) << "an aggregation emitter no aggregation row uses, or the reverse";
    EXPECT_EQ(k.registrations > 0, used[0] || used[1] || used[2]) << "an id no row and no emitter uses";
  }
}

// Every emitted builtin variable compiles somewhere it is valid; a loose
// check that dispatch by id reaches real code for each of them.
TEST(Emitters, EveryVariableCompiles) {
  std::string body;
  for (const char *v : {"pid", "tid", "uid", "gid", "comm", "username", "cgroup", "curtask", "cpid", "cpu",
                        "numaid", "ncpus", "rand", "nsecs", "elapsed", "jiffies", "probe", "kstack", "ustack"})
    body += std::string("print(") + v + "); ";
  auto a = test::analyse("BEGIN { " + body + "}");
  ASSERT_TRUE(a.ok) << a.first_error();
  codegen::CodegenOptions o;
  auto art = codegen::compile(*a.ctx, a.info, o, a.diags);
  EXPECT_TRUE(art) << (a.diags.all().empty() ? "" : a.diags.all()[0].message);
}

}  // namespace
}  // namespace bpfsh
