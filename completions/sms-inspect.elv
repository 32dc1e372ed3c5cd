
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
            cand source 'Show one source server: by ID from the API, or from a saved response body'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sms-inspect;source'= {
            cand -f 'Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input)'
            cand --file 'Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input)'
            cand --fail-on 'Which check result fails the gate (exit 1)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`'
            cand --endpoint 'Base URL of the SMS API (overrides --region)'
            cand --region 'Region whose SMS endpoint to use'
            cand --token-file 'Read the X-Auth-Token from this file (`-` reads standard input)'
            cand --timeout 'Deadline in seconds for each API call, retries and their waits included'
            cand --retries 'Retries of a failed request (connection errors, timeouts, 429, 5xx)'
            cand --require-checks 'Fail the gate when a source reports no environment checks at all'
            cand --bytes 'Show sizes as raw byte counts'
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
            cand source 'Show one source server: by ID from the API, or from a saved response body'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sms-inspect;help;source'= {
        }
        &'sms-inspect;help;completions'= {
        }
        &'sms-inspect;help;help'= {
        }
    ]
    $completions[$command]
}
