# bash completion for bpfsh.
# Options, probes, tracepoints, a binary's functions and the language's
# functions come from `bpfsh --complete TEXT`, which offers what the
# interactive shell's Tab does, so the lists are always those of the bpfsh
# installed. Inside a quoted program readline closes the quote after a
# unique match, as it does for every command; the REPL completes programs
# without that.

_bpfsh() {
  # Bash's own words break at ':', which probes are full of: the word and
  # the one before it are taken from the line instead. Inside an unclosed
  # single quote (a program after -e) the word is everything after the
  # quote, else everything after the last blank.
  local line=${COMP_LINE:0:COMP_POINT} cur=${COMP_WORDS[COMP_CWORD]}
  local quotes=${line//[^\']/} word before prev quoted=0
  if (( ${#quotes} % 2 )); then
    quoted=1
    word=${line##*\'}
    before=${line%\'*}
  else
    word=${line##*[[:space:]]}
    before=${line%"$word"}
  fi
  before=${before%"${before##*[![:space:]]}"}
  prev=${before##*[[:space:]]}
  COMPREPLY=()
  if (( !quoted )) && [[ $word != -* ]]; then
    case $prev in
      -o|--output|--emit-elf|--emit-llvm|--include|-c|--cmd)
        COMPREPLY=($(compgen -f -- "$cur")); return ;;
      -I) COMPREPLY=($(compgen -d -- "$cur")); return ;;
      -f) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
      -B) COMPREPLY=($(compgen -W "line full none" -- "$cur")); return ;;
      --stack-format) COMPREPLY=($(compgen -W "bpftrace perf raw folded" -- "$cur")); return ;;
      -p|--pid) COMPREPLY=($(compgen -W "$(cd /proc && echo [0-9]*)" -- "$cur")); return ;;
      -l|-lv|--list|-e) ;;
      *) COMPREPLY=($(compgen -f -- "$cur")); return ;;  # a script file
    esac
  fi
  # bpfsh prints each completion as the whole word; readline replaces only
  # the text after the quote, or unquoted, after the word's last
  # COMP_WORDBREAKS character (the ':' of probes among them).
  local keep=0 tail=$word candidate i
  if (( !quoted )); then
    for (( i = 0; i < ${#COMP_WORDBREAKS}; i++ )); do
      tail=${tail##*"${COMP_WORDBREAKS:i:1}"}
    done
    keep=$(( ${#word} - ${#tail} ))
  fi
  while IFS= read -r candidate; do
    COMPREPLY+=("${candidate:keep}")
  done < <(command bpfsh --complete "$word" 2>/dev/null)
  if (( ${#COMPREPLY[@]} == 1 )); then
    case ${COMPREPLY[0]} in
      *: | */ | *\( | *. | *'->') compopt -o nospace 2>/dev/null ;;
    esac
  fi
}

complete -F _bpfsh bpfsh
