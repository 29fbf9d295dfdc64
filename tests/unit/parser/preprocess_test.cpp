// The C preprocessor subset: what each directive leaves of the text, with
// every line kept in place, and the errors it reports.
#include "parser/preprocess.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace bpfsh::parser {
namespace {

std::string pp(const std::string &text, Diagnostics *out = nullptr) {
  Diagnostics d;
  std::string r = preprocess(text, d);
  if (out) *out = d;
  else EXPECT_FALSE(d.has_errors()) << d.all().front().message;
  return r;
}

TEST(Preprocess, IncludeLinesBecomeEmptyWithoutHeaders) {
  EXPECT_EQ(pp("#include <linux/sched.h>\nBEGIN { }\n"), "\nBEGIN { }\n");
}

TEST(Preprocess, ObjectMacrosExpandOutsideStringsAndComments) {
  EXPECT_EQ(pp("#define N 4\n#define S \"x\"\n@a[N] = S; // N\nprintf(\"N\") /* N */ N\n"),
            "\n\n@a[4] = \"x\"; // N\nprintf(\"N\") /* N */ 4\n");
}

TEST(Preprocess, MacrosExpandInsideMacrosButNotIntoThemselves) {
  EXPECT_EQ(pp("#define A B + 1\n#define B A\nA\n"), "\n\nA + 1\n");
}

TEST(Preprocess, VariablesAndMapsAreNotMacroNames) {
  EXPECT_EQ(pp("#define x 1\n$x = @x + x;\n"), "\n$x = @x + 1;\n");
}

TEST(Preprocess, HaveBtfIsDefined) {
  EXPECT_EQ(pp("#ifndef BPFTRACE_HAVE_BTF\n#include <x.h>\nnot parsed\n#endif\nkept\n"), "\n\n\n\nkept\n");
}

TEST(Preprocess, IfElifElseTakeTheFirstTrueBranch) {
  std::string src = "#define V 2\n#if V == 1\na\n#elif V >= 2 && defined(V)\nb\n#elif 1\nc\n#else\nd\n#endif\n";
  EXPECT_EQ(pp(src), "\n\n\n\nb\n\n\n\n\n\n");
}

TEST(Preprocess, NestedConditionsInsideASkippedBlockStaySkipped) {
  EXPECT_EQ(pp("#if 0\n#if 1\na\n#else\nb\n#endif\n#else\nc\n#endif\n"), "\n\n\n\n\n\n\nc\n\n");
}

TEST(Preprocess, UndefRemovesAMacro) { EXPECT_EQ(pp("#define N 1\n#undef N\nN\n"), "\n\nN\n"); }

TEST(Preprocess, ErrorsNameTheDirective) {
  Diagnostics d;
  pp("#if 1\nx\n", &d);
  ASSERT_EQ(d.all().size(), 1u);
  EXPECT_EQ(d.all()[0].message, "unterminated #if");
  EXPECT_EQ(d.all()[0].range.begin.line, 1);
  pp("#endif\n", &d);
  EXPECT_EQ(d.all()[0].message, "#endif without #if");
  pp("#define F(a) a\n", &d);
  EXPECT_EQ(d.all()[0].message, "function-like C macros are not supported: #define F(...)");
  pp("\n  #frobnicate\n", &d);
  EXPECT_EQ(d.all()[0].message, "unknown preprocessor directive '#frobnicate'");
  EXPECT_EQ(d.all()[0].range.begin.line, 2);
  EXPECT_EQ(d.all()[0].range.begin.col, 3);
  pp("#error stop here\n", &d);
  EXPECT_EQ(d.all()[0].message, "#error stop here");
}

TEST(Preprocess, ShebangStays) { EXPECT_EQ(pp("#!/usr/bin/env bpftrace\nBEGIN {}"), "#!/usr/bin/env bpftrace\nBEGIN {}"); }

// `#define A1 A0 A0` ... `#define A30 A29 A29`: A30 is 2^30 words. The
// expansion stops at 1 MiB more than the script, with an error at the use.
TEST(Preprocess, AnExponentialExpansionIsAnErrorAtTheMacroUsed) {
  std::string src = "#define A0 x\n";
  for (int i = 1; i <= 30; i++) src += "#define A" + std::to_string(i) + " A" + std::to_string(i - 1) + " A" + std::to_string(i - 1) + "\n";
  src += "BEGIN { A1; A30 }\n";
  Diagnostics d;
  pp(src, &d);
  ASSERT_EQ(d.all().size(), 1u);
  EXPECT_EQ(d.all()[0].message, "macro expansion too large");
  EXPECT_EQ(d.all()[0].hints, std::vector<std::string>{"macros may add at most 1 MiB to the script"});
  EXPECT_EQ(d.all()[0].range.begin.line, 32);
  EXPECT_EQ(d.all()[0].range.begin.col, 13);
  EXPECT_EQ(d.all()[0].range.end.col, 15);
}

// A chain of a million macros, each naming the next, would nest the
// expansion a million calls deep.
TEST(Preprocess, AChainDeeperThanTheLimitIsAnError) {
  std::string src;
  for (int i = 0; i < 1000000; i++) src += "#define M" + std::to_string(i) + " M" + std::to_string(i + 1) + "\n";
  src += "M0\n";
  Diagnostics d;
  pp(src, &d);
  ASSERT_EQ(d.all().size(), 1u);
  EXPECT_EQ(d.all()[0].message, "macro expansion too large");
  EXPECT_EQ(d.all()[0].hints, std::vector<std::string>{"macros may expand inside one another at most 1000 levels deep"});
  // 1000 levels is still fine.
  src.clear();
  for (int i = 0; i < 1000; i++) src += "#define M" + std::to_string(i) + " M" + std::to_string(i + 1) + "\n";
  src += "M0\n";
  EXPECT_EQ(pp(src).substr(1000), "M1000\n");
}

// A macro used many times over, within the limit, expands in time linear in
// the output (a value used a million times is not copied once per level).
TEST(Preprocess, ManyUsesWithinTheLimitExpand) {
  std::string src = "#define ONE 1\n#define TWO ONE+ONE\n#define FOUR TWO+TWO\n";
  for (int i = 0; i < 20000; i++) src += "FOUR\n";
  std::string out = pp(src);
  EXPECT_EQ(out.substr(3, 9), "1+1+1+1\n1");
}

// Headers by name, as a test gives them; records what was asked for.
class FakeHeaders : public HeaderSource {
 public:
  std::map<std::string, SourceFile> files;
  std::vector<std::string> asked, forced_names;
  const SourceFile *find(const std::string &name, bool quoted, std::vector<std::string> &) override {
    asked.push_back((quoted ? "\"" : "<") + name);
    auto it = files.find(name);
    return it == files.end() ? nullptr : &it->second;
  }
  std::vector<std::string> forced() const override { return forced_names; }
};

TEST(Preprocess, AHeaderFoundGivesItsMacrosAndItsCText) {
  FakeHeaders h;
  h.files["defs.h"] = {"defs.h", "#define N 3\nstruct p { int a; };\n"};
  Diagnostics d;
  std::vector<Included> inc;
  EXPECT_EQ(preprocess("#include \"defs.h\"\n@x = N;\n", d, &h, &inc), "\n@x = 3;\n");
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(inc.size(), 1u);
  EXPECT_EQ(inc[0].file, &h.files["defs.h"]);
  EXPECT_EQ(inc[0].text, "\nstruct p { int a; };\n");
}

TEST(Preprocess, AKernelHeaderNotFoundAddsNothingButAQuotedOneIsAnError) {
  FakeHeaders h;
  Diagnostics d;
  std::vector<Included> inc;
  EXPECT_EQ(preprocess("#include <linux/sched.h>\n", d, &h, &inc), "\n");
  EXPECT_FALSE(d.has_errors());
  preprocess("\n  #include \"mine.h\"\n", d, &h, &inc);
  ASSERT_TRUE(d.has_errors());
  EXPECT_EQ(d.all()[0].message, "'mine.h' file not found");
  EXPECT_EQ(d.all()[0].range.begin.line, 2);
  EXPECT_EQ(d.all()[0].range.begin.col, 3);
  EXPECT_EQ(h.asked, (std::vector<std::string>{"<linux/sched.h", "\"mine.h"}));
}

TEST(Preprocess, AHeaderIsReadOnceAndItsErrorsNameIt) {
  FakeHeaders h;
  h.files["a.h"] = {"a.h", "#include \"a.h\"\n#if\n"};
  Diagnostics d;
  std::vector<Included> inc;
  preprocess("#include \"a.h\"\n#include \"a.h\"\n", d, &h, &inc);
  EXPECT_EQ(inc.size(), 1u);
  ASSERT_FALSE(d.all().empty());
  EXPECT_EQ(d.all()[0].range.file, &h.files["a.h"]);
  EXPECT_EQ(d.all()[0].range.begin.line, 2);
}

TEST(Preprocess, ForcedHeadersComeFirstAndMayBeTheKernels) {
  FakeHeaders h;
  h.files["defs.h"] = {"defs.h", "#define N 7\n"};
  h.forced_names = {"linux/path.h", "defs.h"};
  Diagnostics d;
  EXPECT_EQ(preprocess("N\n", d, &h, nullptr), "7\n");
  EXPECT_FALSE(d.has_errors());
}

}  // namespace
}  // namespace bpfsh::parser
