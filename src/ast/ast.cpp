#include "ast/ast.h"

namespace bpfsh::ast {

const char *binop_str(BinOp op) {
  switch (op) {
    case BinOp::Add: return "+";
    case BinOp::Sub: return "-";
    case BinOp::Mul: return "*";
    case BinOp::Div: return "/";
    case BinOp::Mod: return "%";
    case BinOp::BitAnd: return "&";
    case BinOp::BitOr: return "|";
    case BinOp::BitXor: return "^";
    case BinOp::Shl: return "<<";
    case BinOp::Shr: return ">>";
    case BinOp::Eq: return "==";
    case BinOp::Ne: return "!=";
    case BinOp::Lt: return "<";
    case BinOp::Le: return "<=";
    case BinOp::Gt: return ">";
    case BinOp::Ge: return ">=";
    case BinOp::LogAnd: return "&&";
    case BinOp::LogOr: return "||";
  }
  return "?";
}

const char *unop_str(UnOp op) {
  switch (op) {
    case UnOp::Neg: return "-";
    case UnOp::LogNot: return "!";
    case UnOp::BitNot: return "~";
    case UnOp::Deref: return "*";
    case UnOp::AddrOf: return "&";
    case UnOp::Plus: return "+";
  }
  return "?";
}

}  // namespace bpfsh::ast
