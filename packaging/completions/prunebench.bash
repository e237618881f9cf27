# bash completion for prunebench (the GUI): its options, views and languages; a file
# argument is a model (.gguf file or Hugging Face folder).
_prunebench() {
    local cur prev words cword
    _init_completion || return
    case $prev in
        --model) _filedir '@(gguf|GGUF)'; COMPREPLY+=($(compgen -W demo -- "$cur")); return ;;
        --view) COMPREPLY=($(compgen -W "architecture graph heatmap plan charts compare recovery disagreement" -- "$cur")); return ;;
        --lang) COMPREPLY=($(compgen -W "en zh_CN" -- "$cur")); return ;;
        --theme) COMPREPLY=($(compgen -W "system light dark" -- "$cur")); return ;;
        --device) COMPREPLY=($(compgen -W "cpu cuda cuda:0 cuda:1" -- "$cur")); return ;;
        --screenshot) _filedir png; return ;;
        --plan) _filedir json; return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--model --view --screenshot --lang --theme --device --plan --help --version" -- "$cur"))
        return
    fi
    _filedir '@(gguf|GGUF)'
}
complete -F _prunebench prunebench
