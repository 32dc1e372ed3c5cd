# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sms_inspect_global_optspecs
    string join \n o/output= wide json yaml jq= color= endpoint= region= token-file= timeout= retries= v/verbose no-pager h/help V/version
end

function __fish_sms_inspect_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sms_inspect_global_optspecs) -- $cmd 2>/dev/null
    or return 0
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sms_inspect_using_subcommand
    set -l cmd (__fish_sms_inspect_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "source" -d 'Show one source server: by ID or name from the API, or from a saved response body'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "sources" -d 'List source servers (every page), with the API\'s filters'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "check" -d 'The pre-migration gate: the environment checks of many sources at once, one row each'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "watch" -d 'Follow a wave: one live row per source (progress, speed, ETA, stage, agent) until every one reached a final state; exit 0 when all finished, 1 when any ended in error or stopped'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "diff" -d 'What changed between two saved snapshots (`source --json` bodies or `sources --json` arrays): checks, disks, partitions, LVM, Btrfs, NICs, state, agent. Exit 0 when nothing changed, 1 when something did, as diff(1)'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "explain" -d 'What an SMS error code means, offline: our own one-line summary, a category and the Huawei page that documents it. Without a code, every known code. An unknown code is a usage error (exit 2) that names the nearest known ones'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "errors" -d 'SMS\'s record of every failed migration (GET /v3/errors): one row per source, with the error code and message decoded from `error_json` and, for a known code, a pointer to `sms-inspect explain`. It shows, so it exits 0'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "verify" -d 'The post-cutover gate: SMS\'s consistency check of each migrated source (by ID or name: its current task) or task (`--task`). Exit 0 when no checked directory has different, missing or extra files; 1 when one has, or when a task has no result yet'
complete -c sms-inspect -n "__fish_sms_inspect_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -s f -l file -d 'Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l interval -d 'Seconds between polls with --watch' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l stall -d 'With --watch: flag the source as stalled when no byte was replicated for this long while its task runs, or its agent is disconnected (3s, 10m, 2h, 3d)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l fail-on -d 'Gate as `check` does: exit 1 when a check at this level (or worse) is reported, or none reported a result. Without it, `source` shows the verdict and exits 0' -r -f -a "error\t'An ERROR check fails the gate'
warn\t'A WARN or ERROR check fails the gate'
never\t'Never fail on checks'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l max-age -d 'Fail a source whose agent was last seen longer ago than this (or never), as its checks may be stale (3s, 10m, 2h, 3d)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l annotations -d 'GitHub Actions annotations (::error/::warning) for every ERROR and WARN check and hint, on stderr; `auto` writes them when GITHUB_ACTIONS=true' -r -f -a "auto\t'Under GitHub Actions (`GITHUB_ACTIONS=true`)'
github\t'Always, as GitHub Actions reads them'
never\t'Never'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l markdown -d 'Also write a Markdown report here (e.g. "$GITHUB_STEP_SUMMARY"; `-` for stdout): the verdict, one row per source, the failing checks' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l bytes -d 'Show sizes as raw byte counts'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l with-task -d 'With --json/--yaml/--jq: print `{"source": BODY, "task": TASK}`, the source body with its migration task (GET /v3/tasks/{id}; `null` when it has none)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l watch -d 'Follow the migration until the source reaches a final state (finished, error, stopped, or cutovered); exit 0 when it finished, 1 on error or stopped'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l allow-no-checks -d 'Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only SKIPPED or unknown results); by default it fails, as nothing was checked'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l fail-on-hints -d 'An error-level readiness hint fails the gate too (hints inform by default)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand source" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l limit -d 'List at most this many sources' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l jobs -d 'Parallel requests for the pages after the first' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l state -d 'Only sources in this state (any case)' -r -f -a "unavailable\t''
waiting\t''
initialize\t''
replicate\t''
syncing\t''
stopping\t''
stopped\t''
skipping\t''
deleting\t''
clearing\t''
cleared\t''
clearfailed\t''
premigready\t''
premiging\t''
premiged\t''
premigfailed\t''
cloning\t''
cutovering\t''
testing\t''
finished\t''
error\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l name -d 'Only sources whose name matches (as the API matches names)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l ip -d 'Only sources with this IP address' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l migproject -d 'Only sources in this migration project (its ID)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l migration-cycle -d 'Only sources in this migration stage (any case)' -r -f -a "checking\t''
setting\t''
replicating\t''
syncing\t''
cutovering\t''
cutovered\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l connected -d 'Only sources whose agent is (true) or is not (false) connected' -r -f -a "true\t''
false\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l enterprise-project-id -d 'Only sources in this enterprise project' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand sources" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l jobs -d 'Parallel requests (one shared connection pool)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l junit -d 'Also write a JUnit XML report here (one testcase per source and check)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -s f -l file -d 'Gate saved snapshots instead, offline: `source --json` bodies or `sources --json` arrays (`-` reads standard input). Readiness hints are always computed' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l state -d 'Only sources in this state (any case)' -r -f -a "unavailable\t''
waiting\t''
initialize\t''
replicate\t''
syncing\t''
stopping\t''
stopped\t''
skipping\t''
deleting\t''
clearing\t''
cleared\t''
clearfailed\t''
premigready\t''
premiging\t''
premiged\t''
premigfailed\t''
cloning\t''
cutovering\t''
testing\t''
finished\t''
error\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l name -d 'Only sources whose name matches (as the API matches names)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l ip -d 'Only sources with this IP address' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l migproject -d 'Only sources in this migration project (its ID)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l migration-cycle -d 'Only sources in this migration stage (any case)' -r -f -a "checking\t''
setting\t''
replicating\t''
syncing\t''
cutovering\t''
cutovered\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l connected -d 'Only sources whose agent is (true) or is not (false) connected' -r -f -a "true\t''
false\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l enterprise-project-id -d 'Only sources in this enterprise project' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l fail-on -d 'Which check result fails the gate (exit 1); `never` turns every gate rule off' -r -f -a "error\t'An ERROR check fails the gate'
warn\t'A WARN or ERROR check fails the gate'
never\t'Never fail on checks'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l max-age -d 'Fail a source whose agent was last seen longer ago than this (or never), as its checks may be stale (3s, 10m, 2h, 3d)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l annotations -d 'GitHub Actions annotations (::error/::warning) for every ERROR and WARN check and hint, on stderr; `auto` writes them when GITHUB_ACTIONS=true' -r -f -a "auto\t'Under GitHub Actions (`GITHUB_ACTIONS=true`)'
github\t'Always, as GitHub Actions reads them'
never\t'Never'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l markdown -d 'Also write a Markdown report here (e.g. "$GITHUB_STEP_SUMMARY"; `-` for stdout): the verdict, one row per source, the failing checks' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l all -d 'Check every source (that matches the filters)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l latest -d 'With --file: when two snapshots hold one source, judge the one whose agent was seen last (by `last_visit_time`), and say so; without it, two records of one source are a usage error'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l hints -d 'Also compute the readiness hints (fetches each source\'s details, --jobs at a time; the list carries no disks)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l allow-no-checks -d 'Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only SKIPPED or unknown results); by default it fails, as nothing was checked'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l fail-on-hints -d 'An error-level readiness hint fails the gate too (hints inform by default)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l allow-empty -d 'Pass when the IDs, names or filters select no source at all; by default an empty selection fails, as nothing was checked'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand check" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l interval -d 'Seconds between polls of the list (one request per page of 200 sources)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l stall -d 'Flag a source as stalled when no byte was replicated for this long while its task runs, or its agent is disconnected (3s, 10m, 2h, 3d)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l jobs -d 'Parallel requests for the list\'s pages' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l state -d 'Only sources in this state (any case)' -r -f -a "unavailable\t''
waiting\t''
initialize\t''
replicate\t''
syncing\t''
stopping\t''
stopped\t''
skipping\t''
deleting\t''
clearing\t''
cleared\t''
clearfailed\t''
premigready\t''
premiging\t''
premiged\t''
premigfailed\t''
cloning\t''
cutovering\t''
testing\t''
finished\t''
error\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l name -d 'Only sources whose name matches (as the API matches names)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l ip -d 'Only sources with this IP address' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l migproject -d 'Only sources in this migration project (its ID)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l migration-cycle -d 'Only sources in this migration stage (any case)' -r -f -a "checking\t''
setting\t''
replicating\t''
syncing\t''
cutovering\t''
cutovered\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l connected -d 'Only sources whose agent is (true) or is not (false) connected' -r -f -a "true\t''
false\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l enterprise-project-id -d 'Only sources in this enterprise project' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l all -d 'Follow every source (that matches the filters)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l fail-fast -d 'End at the first source that ends in error or stopped, naming it (exit 1)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l fail-on-stall -d 'End at the first stalled source, naming it (exit 1)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l allow-empty -d 'Pass when the selection matches no source (by default that is exit 1)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand watch" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l markdown -d 'Also write the changes as a Markdown report here (`-` for stdout)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l bytes -d 'Show sizes as raw byte counts'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand diff" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand explain" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l enterprise-project-id -d 'Only sources in this enterprise project' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l jobs -d 'Parallel requests for the pages after the first' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l markdown -d 'Also write a Markdown report here (`-` for stdout): one row per failed source' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand errors" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l task -d 'A migration task to verify, by its ID (repeatable)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l max-different -d 'Files per directory that may differ, be missing or be extra on the target and still pass (each count on its own)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l jobs -d 'Parallel requests' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l junit -d 'Also write a JUnit XML report here (one testsuite per task, one testcase per directory)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l annotations -d 'GitHub Actions annotations (::error/::warning) for every ERROR and WARN check and hint, on stderr; `auto` writes them when GITHUB_ACTIONS=true' -r -f -a "auto\t'Under GitHub Actions (`GITHUB_ACTIONS=true`)'
github\t'Always, as GitHub Actions reads them'
never\t'Never'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l markdown -d 'Also write a Markdown report here (e.g. "$GITHUB_STEP_SUMMARY"; `-` for stdout): the verdict, one row per source, the failing checks' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l allow-no-result -d 'Pass a task that has no consistency result yet (by default it fails)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand verify" -s V -l version -d 'Print version'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with every field and column'
json\t''
yaml\t''
csv\t'One row per source, comma-separated (`sources`, `check`)'"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l jq -d 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l color -d 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l endpoint -d 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l region -d 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l token-file -d 'Read the X-Auth-Token from this file (`-` reads standard input)' -r -F
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l timeout -d 'Deadline in seconds for each API call, retries and their waits included' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l retries -d 'Retries of a failed request (connection errors, timeouts, 429, 5xx)' -r
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l wide -d 'Every field and column, empty ones included, none left out for the terminal\'s width (shortcut for `--output wide`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l json -d 'Shortcut for `--output json`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l yaml -d 'Shortcut for `--output yaml`'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -s v -l verbose -d 'Log each request and response line to stderr (secrets redacted)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -l no-pager -d 'Never page a long report (else one taller than the terminal goes through SMS_INSPECT_PAGER, PAGER or `less -FRX`)'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sms-inspect -n "__fish_sms_inspect_using_subcommand completions" -s V -l version -d 'Print version'
