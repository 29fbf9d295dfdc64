#pragma once
// Which expressions reach a helper as a pointer the verifier has typed
// (PTR_TO_BTF_ID). Helpers such as bpf_d_path, bpf_skb_output and
// bpf_get_socket_cookie (in tracing programs) take only those: the
// iterator's ctx, an fentry/fexit argument, and members reached from them by
// direct loads and constant offsets (codegen's ProbeEmitter::typed_pointer
// emits them so). Anything else (a variable, a cast, an index) is a plain
// number once bpfsh has read it, and the verifier would refuse the call.
//   chain := ctx | args.NAME | chain->member | chain.member | &chain
#include "ast/ast.h"
#include "sema/program_info.h"

namespace bpfsh::sema {

bool kernel_typed_chain(const ast::Expr *e, ProbeType probe);

}  // namespace bpfsh::sema
