# bash completion for prunebench-cli. Commands, options and criteria are read from the
# program's own --help, so the completion never lags behind the program.
_prunebench_cli() {
    local cur prev words cword
    _init_completion || return
    local prog=${words[0]}
    if ((cword == 1)); then
        local cmds
        cmds=$("$prog" --help 2>/dev/null | awk '/^commands:/ { f = 1; next } f && NF == 0 { exit } f { print $1 }')
        mapfile -t COMPREPLY < <(compgen -W "$cmds --help --version" -- "$cur")
        return
    fi
    local cmd=${words[1]}
    case $prev in
        --model | --models)
            _filedir '@(gguf|GGUF)'
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "demo demo:gemma3-270m demo:qwen2.5-0.5b demo:qwen2.5-1.5b" -- "$cur")
            return ;;
        --calib | --text)
            _filedir
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "demo:sotu demo:moby-dick" -- "$cur")
            return ;;
        --criterion | --criteria)
            local crit
            crit=$("$prog" --help 2>/dev/null | awk '/^criteria/ { f = 1; next } f && NF { print $1 }')
            mapfile -t COMPREPLY < <(compgen -W "$crit" -- "$cur")
            return ;;
        --device) mapfile -t COMPREPLY < <(compgen -W "cpu cuda" -- "$cur"); return ;;
        --dtype) mapfile -t COMPREPLY < <(compgen -W "f32 bf16" -- "$cur"); return ;;
        --threads | --samples | --seq-len | --seed | --batch) return ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$("$prog" "$cmd" --help 2>/dev/null | grep -oE -- '^  --[a-z0-9][a-z0-9-]*' | sed 's/^ *//')
        mapfile -t COMPREPLY < <(compgen -W "$opts --threads --help" -- "$cur")
        return
    fi
    _filedir
}
complete -F _prunebench_cli prunebench-cli
