#include "sema/config.h"

#include "common/suggest.h"
#include "sema/config_values.h"

#include <cerrno>
#include <cstdlib>
#include <map>
#include <optional>

namespace bpfsh::sema {
namespace {

// A config value as written: a number, or a word/string (`perf`, "warn").
struct Value {
  std::optional<uint64_t> number;
  std::string word;
};

enum class Kind { Number, Bool, Word };

struct Key {
  Kind kind;
  // Stores the value; returns an error message, empty on success.
  std::function<std::string(Config &, const Value &)> set;
  // The value in force, as the config builtin shows it; none for the keys
  // accepted only for compatibility.
  std::function<std::optional<ConfigValue>(const Config &)> get;
};

ConfigValue number_value(uint64_t n) { return {ConfigValue::Kind::Number, n, {}}; }
ConfigValue text_value(std::string t) { return {ConfigValue::Kind::Text, 0, std::move(t)}; }

std::string set_uint(uint64_t &out, const Value &v, uint64_t lo, uint64_t hi) {
  if (*v.number < lo || *v.number > hi)
    return "it must be between " + std::to_string(lo) + " and " + std::to_string(hi);
  out = *v.number;
  return {};
}

template <class T>
Key number(T Config::*field, uint64_t lo, uint64_t hi) {
  return {Kind::Number, [=](Config &c, const Value &v) {
            uint64_t n = 0;
            auto err = set_uint(n, v, lo, hi);
            if (err.empty()) c.*field = static_cast<T>(n);
            return err;
          },
          [=](const Config &c) -> std::optional<ConfigValue> { return number_value(c.*field); }};
}

Key boolean(bool Config::*field) {
  return {Kind::Bool, [=](Config &c, const Value &v) -> std::string {
            if (*v.number > 1) return "it must be 0 or 1 (or false/true)";
            c.*field = *v.number == 1;
            return {};
          },
          [=](const Config &c) -> std::optional<ConfigValue> {
            return ConfigValue{ConfigValue::Kind::Bool, c.*field ? 1u : 0u, {}};
          }};
}

const std::map<std::string, ast::StackMode> &stack_modes() {
  static const std::map<std::string, ast::StackMode> modes = {
      {"bpftrace", ast::StackMode::Bpftrace}, {"perf", ast::StackMode::Perf},
      {"raw", ast::StackMode::Raw}, {"build_id", ast::StackMode::BuildId}};
  return modes;
}

Key stack_mode() {
  return {Kind::Word, [](Config &c, const Value &v) -> std::string {
            const auto &modes = stack_modes();
            auto it = modes.find(v.word);
            if (it == modes.end()) return "unknown stack mode '" + v.word + "' (use bpftrace, perf, raw or build_id)";
            c.stack_mode = it->second;
            return {};
          },
          [](const Config &c) -> std::optional<ConfigValue> {
            for (const auto &[name, mode] : stack_modes())
              if (mode == c.stack_mode) return text_value(name);
            return std::nullopt;
          }};
}

Key ustack_unwind() {
  return {Kind::Word, [](Config &c, const Value &v) -> std::string {
            if (v.word != "frame_pointers" && v.word != "dwarf")
              return "it must be frame_pointers or dwarf, not '" + v.word + "'";
            c.ustack_dwarf = v.word == "dwarf";
            return {};
          },
          [](const Config &c) -> std::optional<ConfigValue> {
            return text_value(c.ustack_dwarf ? "dwarf" : "frame_pointers");
          }};
}

Key missing_probes() {
  return {Kind::Word, [](Config &c, const Value &v) -> std::string {
            static const std::map<std::string, MissingProbes> modes = {
                {"error", MissingProbes::Error}, {"warn", MissingProbes::Warn},
                {"ignore", MissingProbes::Ignore}};
            auto it = modes.find(v.word);
            if (it == modes.end()) return "it must be error, warn or ignore, not '" + v.word + "'";
            c.missing_probes = it->second;
            return {};
          },
          [](const Config &c) -> std::optional<ConfigValue> {
            switch (c.missing_probes) {
              case MissingProbes::Error: return text_value("error");
              case MissingProbes::Warn: return text_value("warn");
              case MissingProbes::Ignore: return text_value("ignore");
            }
            return std::nullopt;
          }};
}

Key word(std::string Config::*field) {
  return {Kind::Word, [=](Config &c, const Value &v) -> std::string {
            c.*field = v.word;
            return {};
          },
          [=](const Config &c) -> std::optional<ConfigValue> { return text_value(c.*field); }};
}

// The strings the kernel takes as GPL-compatible (license_is_gpl_compatible):
// bpftrace's helpers need one, and since 0.25 it refuses any other.
Key license() {
  return {Kind::Word, [](Config &c, const Value &v) -> std::string {
            static const char *const ok[] = {"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
                                             "Dual MIT/GPL", "Dual MPL/GPL"};
            for (const char *l : ok)
              if (v.word == l) {
                c.license = v.word;
                return {};
              }
            return "it must be a GPL-compatible license (GPL, GPL v2, GPL and additional rights, Dual BSD/GPL, "
                   "Dual MIT/GPL or Dual MPL/GPL), not '" + v.word + "'";
          },
          [](const Config &c) -> std::optional<ConfigValue> { return text_value(c.license); }};
}

// Accepted for compatibility; what they tune does not exist in bpfsh.
Key accepted(Kind k) {
  return {k, [](Config &, const Value &) { return std::string(); },
          [](const Config &) -> std::optional<ConfigValue> { return std::nullopt; }};
}

const std::map<std::string, Key> &keys() {
  static const std::map<std::string, Key> k = {
      {"max_strlen", number(&Config::max_strlen, 1, UINT32_MAX)},
      {"max_map_keys", number(&Config::max_map_keys, 1, UINT32_MAX)},
      {"print_maps_on_exit", boolean(&Config::print_maps_on_exit)},
      {"stack_mode", stack_mode()},
      {"ustack_unwind", ustack_unwind()},
      {"missing_probes", missing_probes()},
      {"perf_rb_pages", number(&Config::perf_rb_pages, 1, 1u << 20)},
      {"str_trunc_trailer", word(&Config::str_trunc_trailer)},
      {"max_cat_bytes", number(&Config::max_cat_bytes, 1, UINT32_MAX)},
      {"on_stack_limit", number(&Config::on_stack_limit, 0, 512)},
      {"log_size", number(&Config::log_size, 1, UINT32_MAX)},
      {"max_probes", number(&Config::max_probes, 1, UINT32_MAX)},
      {"max_bpf_progs", number(&Config::max_bpf_progs, 1, UINT32_MAX)},
      {"cpp_demangle", boolean(&Config::cpp_demangle)},
      {"lazy_symbolication", boolean(&Config::lazy_symbolication)},
      {"show_debug_info", boolean(&Config::show_debug_info)},
      {"license", license()},
      {"cache_user_symbols", accepted(Kind::Word)},
      {"symbol_source", accepted(Kind::Word)},
      {"unstable_map_decl", accepted(Kind::Bool)},
      {"unstable_macro", accepted(Kind::Bool)},
      {"unstable_import", accepted(Kind::Bool)},
      {"unstable_tseries", accepted(Kind::Bool)},
      {"unstable_typeinfo", accepted(Kind::Bool)},
      {"unstable_dw_ustack", accepted(Kind::Bool)},
  };
  return k;
}

std::string lower(std::string s) {
  for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// `BPFTRACE_STACK_MODE` and `stack_mode` name the same key.
std::string key_name(const std::string &raw) {
  std::string k = lower(raw);
  if (k.rfind("bpftrace_", 0) == 0) k = k.substr(9);
  return k;
}

std::optional<Value> script_value(const ast::Expr *e) {
  Value v;
  if (e->kind == ast::ExprKind::Int) {
    v.number = static_cast<const ast::IntLit *>(e)->value;
  } else if (e->kind == ast::ExprKind::Str) {
    v.word = static_cast<const ast::StrLit *>(e)->value;
  } else if (e->kind == ast::ExprKind::Bool) {
    v.number = static_cast<const ast::BoolLit *>(e)->value;
    v.word = v.number ? "true" : "false";
  } else if (e->kind == ast::ExprKind::Builtin) {
    v.word = static_cast<const ast::Builtin *>(e)->name;
  } else {
    return std::nullopt;
  }
  return v;
}

// The environment spells every kind as text.
std::optional<Value> env_value(Kind kind, const std::string &text) {
  Value v;
  v.word = text;
  if (kind == Kind::Word) return v;
  if (kind == Kind::Bool && (text == "true" || text == "false")) {
    v.number = text == "true";
    return v;
  }
  char *end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (errno || text.empty() || *end || text[0] == '-') return std::nullopt;
  v.number = n;
  return v;
}

std::string kind_name(Kind k) {
  return k == Kind::Number ? "a number" : k == Kind::Bool ? "0 or 1 (or false/true)" : "a word or string";
}

void apply_entry(const ast::ConfigEntry &entry, Config &config, Diagnostics &diags) {
  std::string name = key_name(entry.key);
  auto it = keys().find(name);
  if (it == keys().end()) {
    auto &d = diags.error(entry.range, "Unrecognized config variable: " + entry.key);
    if (auto near = closest_name(name, config_keys())) {
      d.hints.push_back("did you mean '" + *near + "'?");
      return;
    }
    std::string all;
    for (auto &[k, _] : keys())
      if (k.rfind("unstable_", 0) != 0) all += (all.empty() ? "" : ", ") + k;
    d.hints.push_back("config variables: " + all);
    return;
  }
  const Key &key = it->second;
  auto v = script_value(entry.value);
  bool fits = v && (key.kind == Kind::Word ? !v->word.empty() && !v->number : v->number.has_value());
  if (!fits) {
    diags.error(entry.value->range, "Invalid value for " + name + ": it takes " + kind_name(key.kind) +
                                        ", written as a literal");
    return;
  }
  std::string err = key.set(config, *v);
  if (!err.empty()) diags.error(entry.value->range, "Invalid value for " + name + ": " + err);
  else config.set_keys.insert(name);
}

}  // namespace

void apply_config(const ast::Program &program, const EnvLookup &env, Config &config,
                  Diagnostics &diags) {
  for (const auto *entry : program.config) apply_entry(*entry, config, diags);
  if (!env) return;
  for (const auto &[name, key] : keys()) {
    std::string var = "BPFTRACE_";
    for (char c : name) var += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const char *text = env(var.c_str());
    if (!text || !*text) continue;
    auto v = env_value(key.kind, text);
    std::string err = v ? key.set(config, *v) : "it takes " + kind_name(key.kind);
    if (err.empty()) config.set_keys.insert(name);
    if (!err.empty()) {
      if (key.kind == Kind::Number && !v)
        diags.error_unlocated("Env var '" + var + "' did not contain a valid number: " + text);
      else
        diags.error_unlocated("Env var '" + var + "' has an invalid value '" + std::string(text) + "': " + err);
    }
  }
}

std::vector<ConfigValue> config_values(const Config &config) {
  std::vector<ConfigValue> out;
  for (const auto &[name, key] : keys())
    if (auto v = key.get(config)) {
      v->key = name;
      out.push_back(std::move(*v));
    }
  return out;
}

const std::vector<std::string> &config_keys() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (auto &[k, _] : keys()) n.push_back(k);
    return n;
  }();
  return names;
}

}  // namespace bpfsh::sema
