// cpctl completion bash|zsh: a completion script that asks cpctl itself (`cpctl __complete <words>`) what may come
// next, so completion always knows every command, option and option value of the installed version.
import { defineCommand, type Command } from '../lib/command.js';

const BASH = `# cpctl bash completion. Install: cpctl completion bash > /etc/bash_completion.d/cpctl  (or: source <(cpctl completion bash))
_cpctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$(cpctl __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "$cur"))
}
complete -o default -F _cpctl cpctl
`;

const ZSH = `#compdef cpctl
# cpctl zsh completion. Install: cpctl completion zsh > "\${fpath[1]}/_cpctl"  (or: source <(cpctl completion zsh))
_cpctl() {
  local -a candidates
  candidates=("\${(@f)$(cpctl __complete "\${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
  compadd -a candidates
}
if (( $+functions[compdef] )); then compdef _cpctl cpctl; fi
`;

export const completionCommands: Command[] = [
  defineCommand({
    path: ['completion'],
    summary: 'Print a shell completion script (bash or zsh).',
    args: '<bash|zsh>',
    arity: [1, 1],
    examples: ['source <(cpctl completion bash)', 'cpctl completion zsh > "${fpath[1]}/_cpctl"'],
    run: async (ctx, { args }) => {
      const shell = args[0];
      if (shell !== 'bash' && shell !== 'zsh') {
        ctx.stderr.write('cpctl: completion supports bash and zsh\n');
        return 2;
      }
      ctx.stdout.write(shell === 'bash' ? BASH : ZSH);
    },
  }),
];
