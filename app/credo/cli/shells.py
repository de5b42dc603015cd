"""The scripts `credo completion SHELL` prints for bash, zsh and fish, and how their answers
are written: Click's own split a word at bash's word breaks (`agent:codex`,
`status:failed`) and leave a name with a space two words in bash, cut fish's help at a
comma, and put a space after `ID=` (`check PACK --na ID=REASON`) where the reason follows.
Imported (which registers them with Click) only when a shell asks.
"""

from __future__ import annotations

import os
import re
from typing import Any, NamedTuple

from click.shell_completion import (
    BashComplete,
    CompletionItem,
    FishComplete,
    ShellComplete,
    ZshComplete,
    add_completion_class,
    split_arg_string,
)

# The line up to the cursor, whole: Python splits it as the shell does (quotes and
# backslashes), and writes each value as bash will insert it (see `bash_reply`).
_BASH = """\
%(complete_func)s() {
    local type value
    COMPREPLY=()
    while IFS=',' read -r type value; do
        if [[ $type == dir ]]; then
            COMPREPLY=()
            compopt -o dirnames
            return 0
        elif [[ $type == file ]]; then
            COMPREPLY=()
            compopt -o default
            return 0
        elif [[ $type == plain ]]; then
            COMPREPLY+=("$value")
            [[ $value == *= ]] && compopt -o nospace  # `ID=`: what follows is typed
        fi
    done < <(COMP_LINE="${COMP_LINE:0:COMP_POINT}" COMP_WORDBREAKS="$COMP_WORDBREAKS" \\
        %(complete_var)s=bash_complete "$1" 2>/dev/null)
    return 0
}

%(complete_func)s_setup() {
    complete -o nosort -F %(complete_func)s %(prog_name)s
}

%(complete_func)s_setup;
"""

# Click's, but a value ending in `=` (`ID=`, a reason to follow) is given no space after it.
_ZSH = """\
#compdef %(prog_name)s

%(complete_func)s() {
    local -a completions
    local -a completions_with_descriptions
    local -a response
    local -a open
    (( ! $+commands[%(prog_name)s] )) && return 1

    response=("${(@f)$(env COMP_WORDS="${words[*]}" COMP_CWORD=$((CURRENT-1)) \
%(complete_var)s=zsh_complete %(prog_name)s)}")

    for type key descr in ${response}; do
        if [[ "$type" == "plain" ]]; then
            [[ "$key" == *= ]] && open=(-S '')
            if [[ "$descr" == "_" ]]; then
                completions+=("$key")
            else
                completions_with_descriptions+=("$key":"$descr")
            fi
        elif [[ "$type" == "dir" ]]; then
            _path_files -/
        elif [[ "$type" == "file" ]]; then
            _path_files -f
        fi
    done

    if [ -n "$completions_with_descriptions" ]; then
        _describe -V unsorted completions_with_descriptions -U "${open[@]}"
    fi

    if [ -n "$completions" ]; then
        compadd -U -V unsorted "${open[@]}" -a completions
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    # autoload from fpath, call function directly
    %(complete_func)s "$@"
else
    # eval/source/. command, register function for later
    compdef %(complete_func)s %(prog_name)s
fi
"""

# Click's, but for `string split -m 1`: a title's comma stays in its help.
_FISH = """\
function %(complete_func)s;
    set -l response (env %(complete_var)s=fish_complete COMP_WORDS=(commandline -cp) \
COMP_CWORD=(commandline -t) %(prog_name)s);

    for completion in $response;
        set -l metadata (string split -m 1 "," -- $completion);

        if test $metadata[1] = "dir";
            __fish_complete_directories $metadata[2];
        else if test $metadata[1] = "file";
            __fish_complete_path $metadata[2];
        else if test $metadata[1] = "plain";
            echo $metadata[2];
        end;
    end;
end;

complete --no-files --command %(prog_name)s --arguments "(%(complete_func)s)";
"""

WORD_BREAKS = " \t\n\"'@><=;|&(:"
"""bash's COMP_WORDBREAKS when the shell does not say."""
_SPECIAL = re.compile(r"""([ \t\n"'\\$`!&;|<>()*?\[\]{}])""")
"""What bash reads as more than a letter in a word (quoted with a backslash)."""


class DashValues(ShellComplete):
    """Click's parser takes the word after an option waiting for its value as that value,
    `-` first or not (`--sort -loss`); its completion offers option names there instead
    (pallets/click#2040). An option whose completer marks its values `dashed` (also taken
    with a `-` before them) is offered them so."""

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem[Any]]:
        glued = incomplete.startswith("--") and "=" in incomplete  # `--sort=-lo`
        head = incomplete[: incomplete.index("=") + 1] if glued else ""
        typed = incomplete[len(head) :]
        after_option = glued or (bool(args) and args[-1].startswith("-"))
        if typed.startswith("-") and after_option and "--" not in args:
            found = [item for item in super().get_completions([*args], head) if item.dashed]
            if found:  # the option waits for its value: Click asked its completer
                shown = (CompletionItem("-" + str(i.value), help=i.help) for i in found)
                return [item for item in shown if item.value.startswith(typed)]
        return super().get_completions(args, incomplete)


class Bash(DashValues, BashComplete):
    """bash, from the line itself (COMP_WORDS is split at every word break). A script
    from an older credo (Click's: COMP_WORDS, no COMP_LINE) is answered as Click would."""

    source_template = _BASH
    word: Word | None = None
    """The word being completed, as readline completes it."""

    def get_completion_args(self) -> tuple[list[str], str]:
        line = os.environ.get("COMP_LINE")
        if line is None:
            return super().get_completion_args()
        self.word = read_word(line, os.environ.get("COMP_WORDBREAKS", WORD_BREAKS))
        words = split_arg_string(line)
        if not words or len(split_arg_string(line + "_")) > len(words):  # a new word
            return words[1:], ""
        return words[1:-1], words[-1]

    def format_completion(self, item: CompletionItem[Any]) -> str:
        if item.type != "plain" or self.word is None:
            return super().format_completion(item)
        return f"plain,{bash_reply(str(item.value), self.word)}"


class Zsh(DashValues, ZshComplete):
    source_template = _ZSH


class Fish(DashValues, FishComplete):
    source_template = _FISH


class Word(NamedTuple):
    """The word being completed, as bash's readline completes it: from its last word break
    (`:`, `=`; from `@` itself), or from an open quote. What comes before is kept."""

    kept: str
    """What the kept part holds, as the command will read it."""
    quoted: bool
    """Readline completes inside an open quote (and closes it)."""
    option: str
    """`--opt=` when the word is one (Click offers the value alone)."""


def read_word(line: str, breaks: str) -> Word:
    """The last word of `line` (a shell line as typed, quotes and backslashes kept) as
    readline completes it: after its last word break neither quoted nor escaped, or after
    a quote still open."""
    start, keep, quote, opened, escaped = 0, 0, "", 0, False
    for at, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote, opened = char, at
        elif char in " \t\n":
            start = keep = at + 1
        elif char in breaks:
            keep = at if char in "@$" else at + 1
    before = line[start:opened] if quote else line[start:keep]
    typed = line[start:]
    option = typed[: typed.index("=") + 1] if typed.startswith("-") and "=" in typed else ""
    return Word("".join(split_arg_string(before)) if before else "", bool(quote), option)


def bash_reply(value: str, word: Word) -> str:
    """What bash is to put where readline completes `word` for it to become `value`: inside
    an open quote the text as it is, elsewhere with what bash would read otherwise (a space,
    a `#` starting the word) escaped."""
    if not word.kept and value.isalnum():  # an id, most often: nothing to do, quickly
        return value
    if word.option and not value.startswith(word.kept):
        value = word.option + value
    rest = value[len(word.kept) :] if value.startswith(word.kept) else value
    if word.quoted:
        return rest
    escaped = _SPECIAL.sub(r"\\\1", rest)
    return "\\" + escaped if rest[:1] in ("#", "~") and len(rest) == len(value) else escaped


add_completion_class(Bash)
add_completion_class(Zsh)
add_completion_class(Fish)
