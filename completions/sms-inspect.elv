
use builtin;
use str;

set edit:completion:arg-completer[sms-inspect] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sms-inspect'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sms-inspect'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --jq 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON'
            cand --color 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`'
            cand --endpoint 'Base URL of the SMS API (overrides --region)'
            cand --region 'Region whose SMS endpoint to use'
            cand --token-file 'Read the X-Auth-Token from this file (`-` reads standard input)'
            cand --timeout 'Deadline in seconds for each API call, retries and their waits included'
            cand --retries 'Retries of a failed request (connection errors, timeouts, 429, 5xx)'
            cand --json 'Shortcut for `--output json`'
            cand --yaml 'Shortcut for `--output yaml`'
            cand -v 'Log each request and response line to stderr (secrets redacted)'
            cand --verbose 'Log each request and response line to stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand source 'Show one source server: by ID or name from the API, or from a saved response body'
            cand sources 'List source servers (every page), with the API''s filters'
            cand check 'The fleet gate: the environment checks of many sources at once, one row each'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sms-inspect;source'= {
            cand -f 'Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input)'
            cand --file 'Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input)'
            cand --interval 'Seconds between polls with --watch'
            cand --fail-on 'Gate as `check` does: exit 1 when a check at this level (or worse) is reported, or none reported a result. Without it, `source` shows the verdict and exits 0'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --jq 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON'
            cand --color 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`'
            cand --endpoint 'Base URL of the SMS API (overrides --region)'
            cand --region 'Region whose SMS endpoint to use'
            cand --token-file 'Read the X-Auth-Token from this file (`-` reads standard input)'
            cand --timeout 'Deadline in seconds for each API call, retries and their waits included'
            cand --retries 'Retries of a failed request (connection errors, timeouts, 429, 5xx)'
            cand --bytes 'Show sizes as raw byte counts'
            cand --watch 'Follow the migration until the source reaches a final state (finished, error, stopped, or cutovered); exit 0 when it finished, 1 on error or stopped'
            cand --allow-no-checks 'Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only SKIPPED or unknown results); by default it fails, as nothing was checked'
            cand --require-checks 'Accepted for scripts written before 0.2; failing on missing checks is now the default'
            cand --json 'Shortcut for `--output json`'
            cand --yaml 'Shortcut for `--output yaml`'
            cand -v 'Log each request and response line to stderr (secrets redacted)'
            cand --verbose 'Log each request and response line to stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sms-inspect;sources'= {
            cand --limit 'List at most this many sources'
            cand --jobs 'Parallel requests for the pages after the first'
            cand --state 'Only sources in this state: unavailable, waiting, initialize, replicate, syncing, stopping, stopped, skipping, deleting, clearing, cleared, clearfailed, premigready, premiged, premigfailed, cloning, cutovering, testing, finished or error'
            cand --name 'Only sources whose name matches (as the API matches names)'
            cand --ip 'Only sources with this IP address'
            cand --migproject 'Only sources in this migration project (its ID)'
            cand --migration-cycle 'Only sources in this migration stage: checking, setting, replicating, syncing, cutovering or cutovered'
            cand --connected 'Only sources whose agent is (true) or is not (false) connected'
            cand --enterprise-project-id 'Only sources in this enterprise project'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --jq 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON'
            cand --color 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`'
            cand --endpoint 'Base URL of the SMS API (overrides --region)'
            cand --region 'Region whose SMS endpoint to use'
            cand --token-file 'Read the X-Auth-Token from this file (`-` reads standard input)'
            cand --timeout 'Deadline in seconds for each API call, retries and their waits included'
            cand --retries 'Retries of a failed request (connection errors, timeouts, 429, 5xx)'
            cand --json 'Shortcut for `--output json`'
            cand --yaml 'Shortcut for `--output yaml`'
            cand -v 'Log each request and response line to stderr (secrets redacted)'
            cand --verbose 'Log each request and response line to stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sms-inspect;check'= {
            cand --jobs 'Parallel requests (one shared connection pool)'
            cand --junit 'Also write a JUnit XML report here (one testcase per source and check)'
            cand --state 'Only sources in this state: unavailable, waiting, initialize, replicate, syncing, stopping, stopped, skipping, deleting, clearing, cleared, clearfailed, premigready, premiged, premigfailed, cloning, cutovering, testing, finished or error'
            cand --name 'Only sources whose name matches (as the API matches names)'
            cand --ip 'Only sources with this IP address'
            cand --migproject 'Only sources in this migration project (its ID)'
            cand --migration-cycle 'Only sources in this migration stage: checking, setting, replicating, syncing, cutovering or cutovered'
            cand --connected 'Only sources whose agent is (true) or is not (false) connected'
            cand --enterprise-project-id 'Only sources in this enterprise project'
            cand --fail-on 'Which check result fails the gate (exit 1); `never` turns every gate rule off'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --jq 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON'
            cand --color 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`'
            cand --endpoint 'Base URL of the SMS API (overrides --region)'
            cand --region 'Region whose SMS endpoint to use'
            cand --token-file 'Read the X-Auth-Token from this file (`-` reads standard input)'
            cand --timeout 'Deadline in seconds for each API call, retries and their waits included'
            cand --retries 'Retries of a failed request (connection errors, timeouts, 429, 5xx)'
            cand --all 'Check every source (that matches the filters)'
            cand --allow-no-checks 'Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only SKIPPED or unknown results); by default it fails, as nothing was checked'
            cand --require-checks 'Accepted for scripts written before 0.2; failing on missing checks is now the default'
            cand --allow-empty 'Pass when the IDs, names or filters select no source at all; by default an empty selection fails, as nothing was checked'
            cand --json 'Shortcut for `--output json`'
            cand --yaml 'Shortcut for `--output yaml`'
            cand -v 'Log each request and response line to stderr (secrets redacted)'
            cand --verbose 'Log each request and response line to stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sms-inspect;completions'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --jq 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON'
            cand --color 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`'
            cand --endpoint 'Base URL of the SMS API (overrides --region)'
            cand --region 'Region whose SMS endpoint to use'
            cand --token-file 'Read the X-Auth-Token from this file (`-` reads standard input)'
            cand --timeout 'Deadline in seconds for each API call, retries and their waits included'
            cand --retries 'Retries of a failed request (connection errors, timeouts, 429, 5xx)'
            cand --json 'Shortcut for `--output json`'
            cand --yaml 'Shortcut for `--output yaml`'
            cand -v 'Log each request and response line to stderr (secrets redacted)'
            cand --verbose 'Log each request and response line to stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sms-inspect;help'= {
            cand source 'Show one source server: by ID or name from the API, or from a saved response body'
            cand sources 'List source servers (every page), with the API''s filters'
            cand check 'The fleet gate: the environment checks of many sources at once, one row each'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sms-inspect;help;source'= {
        }
        &'sms-inspect;help;sources'= {
        }
        &'sms-inspect;help;check'= {
        }
        &'sms-inspect;help;completions'= {
        }
        &'sms-inspect;help;help'= {
        }
    ]
    $completions[$command]
}
