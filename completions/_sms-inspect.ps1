
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sms-inspect' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sms-inspect'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sms-inspect' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the X-Auth-Token from this file (`-` reads standard input)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline in seconds for each API call, retries and their waits included')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed request (connection errors, timeouts, 429, 5xx)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Every field and column, empty ones included, none left out for the terminal''s width (shortcut for `--output wide`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shortcut for `--output json`')
            [CompletionResult]::new('--yaml', '--yaml', [CompletionResultType]::ParameterName, 'Shortcut for `--output yaml`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('source', 'source', [CompletionResultType]::ParameterValue, 'Show one source server: by ID or name from the API, or from a saved response body')
            [CompletionResult]::new('sources', 'sources', [CompletionResultType]::ParameterValue, 'List source servers (every page), with the API''s filters')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'The pre-migration gate: the environment checks of many sources at once, one row each')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Follow a wave: one live row per source (progress, speed, ETA, stage, agent) until every one reached a final state; exit 0 when all finished, 1 when any ended in error or stopped')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            break
        }
        'sms-inspect;source' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Seconds between polls with --watch')
            [CompletionResult]::new('--stall', '--stall', [CompletionResultType]::ParameterName, 'With --watch: flag the source as stalled when no byte was replicated for this long while its task runs, or its agent is disconnected (3s, 10m, 2h, 3d)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Gate as `check` does: exit 1 when a check at this level (or worse) is reported, or none reported a result. Without it, `source` shows the verdict and exits 0')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Fail a source whose agent was last seen longer ago than this (or never), as its checks may be stale (3s, 10m, 2h, 3d)')
            [CompletionResult]::new('--annotations', '--annotations', [CompletionResultType]::ParameterName, 'GitHub Actions annotations (::error/::warning) for every ERROR and WARN check and hint, on stderr; `auto` writes them when GITHUB_ACTIONS=true')
            [CompletionResult]::new('--markdown', '--markdown', [CompletionResultType]::ParameterName, 'Also write a Markdown report here (e.g. "$GITHUB_STEP_SUMMARY"; `-` for stdout): the verdict, one row per source, the failing checks')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the X-Auth-Token from this file (`-` reads standard input)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline in seconds for each API call, retries and their waits included')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed request (connection errors, timeouts, 429, 5xx)')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Show sizes as raw byte counts')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Follow the migration until the source reaches a final state (finished, error, stopped, or cutovered); exit 0 when it finished, 1 on error or stopped')
            [CompletionResult]::new('--allow-no-checks', '--allow-no-checks', [CompletionResultType]::ParameterName, 'Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only SKIPPED or unknown results); by default it fails, as nothing was checked')
            [CompletionResult]::new('--require-checks', '--require-checks', [CompletionResultType]::ParameterName, 'Accepted for scripts written before 0.2; failing on missing checks is now the default')
            [CompletionResult]::new('--fail-on-hints', '--fail-on-hints', [CompletionResultType]::ParameterName, 'An error-level readiness hint fails the gate too (hints inform by default)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Every field and column, empty ones included, none left out for the terminal''s width (shortcut for `--output wide`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shortcut for `--output json`')
            [CompletionResult]::new('--yaml', '--yaml', [CompletionResultType]::ParameterName, 'Shortcut for `--output yaml`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sms-inspect;sources' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'List at most this many sources')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Parallel requests for the pages after the first')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only sources in this state: unavailable, waiting, initialize, replicate, syncing, stopping, stopped, skipping, deleting, clearing, cleared, clearfailed, premigready, premiged, premigfailed, cloning, cutovering, testing, finished or error')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only sources whose name matches (as the API matches names)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Only sources with this IP address')
            [CompletionResult]::new('--migproject', '--migproject', [CompletionResultType]::ParameterName, 'Only sources in this migration project (its ID)')
            [CompletionResult]::new('--migration-cycle', '--migration-cycle', [CompletionResultType]::ParameterName, 'Only sources in this migration stage: checking, setting, replicating, syncing, cutovering or cutovered')
            [CompletionResult]::new('--connected', '--connected', [CompletionResultType]::ParameterName, 'Only sources whose agent is (true) or is not (false) connected')
            [CompletionResult]::new('--enterprise-project-id', '--enterprise-project-id', [CompletionResultType]::ParameterName, 'Only sources in this enterprise project')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the X-Auth-Token from this file (`-` reads standard input)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline in seconds for each API call, retries and their waits included')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed request (connection errors, timeouts, 429, 5xx)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Every field and column, empty ones included, none left out for the terminal''s width (shortcut for `--output wide`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shortcut for `--output json`')
            [CompletionResult]::new('--yaml', '--yaml', [CompletionResultType]::ParameterName, 'Shortcut for `--output yaml`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sms-inspect;check' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Parallel requests (one shared connection pool)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report here (one testcase per source and check)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Gate saved snapshots instead, offline: `source --json` bodies or `sources --json` arrays (`-` reads standard input). Readiness hints are always computed')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Gate saved snapshots instead, offline: `source --json` bodies or `sources --json` arrays (`-` reads standard input). Readiness hints are always computed')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only sources in this state: unavailable, waiting, initialize, replicate, syncing, stopping, stopped, skipping, deleting, clearing, cleared, clearfailed, premigready, premiged, premigfailed, cloning, cutovering, testing, finished or error')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only sources whose name matches (as the API matches names)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Only sources with this IP address')
            [CompletionResult]::new('--migproject', '--migproject', [CompletionResultType]::ParameterName, 'Only sources in this migration project (its ID)')
            [CompletionResult]::new('--migration-cycle', '--migration-cycle', [CompletionResultType]::ParameterName, 'Only sources in this migration stage: checking, setting, replicating, syncing, cutovering or cutovered')
            [CompletionResult]::new('--connected', '--connected', [CompletionResultType]::ParameterName, 'Only sources whose agent is (true) or is not (false) connected')
            [CompletionResult]::new('--enterprise-project-id', '--enterprise-project-id', [CompletionResultType]::ParameterName, 'Only sources in this enterprise project')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Which check result fails the gate (exit 1); `never` turns every gate rule off')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Fail a source whose agent was last seen longer ago than this (or never), as its checks may be stale (3s, 10m, 2h, 3d)')
            [CompletionResult]::new('--annotations', '--annotations', [CompletionResultType]::ParameterName, 'GitHub Actions annotations (::error/::warning) for every ERROR and WARN check and hint, on stderr; `auto` writes them when GITHUB_ACTIONS=true')
            [CompletionResult]::new('--markdown', '--markdown', [CompletionResultType]::ParameterName, 'Also write a Markdown report here (e.g. "$GITHUB_STEP_SUMMARY"; `-` for stdout): the verdict, one row per source, the failing checks')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the X-Auth-Token from this file (`-` reads standard input)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline in seconds for each API call, retries and their waits included')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed request (connection errors, timeouts, 429, 5xx)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Check every source (that matches the filters)')
            [CompletionResult]::new('--hints', '--hints', [CompletionResultType]::ParameterName, 'Also compute the readiness hints (fetches each source''s details, --jobs at a time; the list carries no disks)')
            [CompletionResult]::new('--allow-no-checks', '--allow-no-checks', [CompletionResultType]::ParameterName, 'Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only SKIPPED or unknown results); by default it fails, as nothing was checked')
            [CompletionResult]::new('--require-checks', '--require-checks', [CompletionResultType]::ParameterName, 'Accepted for scripts written before 0.2; failing on missing checks is now the default')
            [CompletionResult]::new('--fail-on-hints', '--fail-on-hints', [CompletionResultType]::ParameterName, 'An error-level readiness hint fails the gate too (hints inform by default)')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Pass when the IDs, names or filters select no source at all; by default an empty selection fails, as nothing was checked')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Every field and column, empty ones included, none left out for the terminal''s width (shortcut for `--output wide`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shortcut for `--output json`')
            [CompletionResult]::new('--yaml', '--yaml', [CompletionResultType]::ParameterName, 'Shortcut for `--output yaml`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sms-inspect;watch' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Seconds between polls of the list (one request per page of 200 sources)')
            [CompletionResult]::new('--stall', '--stall', [CompletionResultType]::ParameterName, 'Flag a source as stalled when no byte was replicated for this long while its task runs, or its agent is disconnected (3s, 10m, 2h, 3d)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Parallel requests for the list''s pages')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only sources in this state: unavailable, waiting, initialize, replicate, syncing, stopping, stopped, skipping, deleting, clearing, cleared, clearfailed, premigready, premiged, premigfailed, cloning, cutovering, testing, finished or error')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only sources whose name matches (as the API matches names)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Only sources with this IP address')
            [CompletionResult]::new('--migproject', '--migproject', [CompletionResultType]::ParameterName, 'Only sources in this migration project (its ID)')
            [CompletionResult]::new('--migration-cycle', '--migration-cycle', [CompletionResultType]::ParameterName, 'Only sources in this migration stage: checking, setting, replicating, syncing, cutovering or cutovered')
            [CompletionResult]::new('--connected', '--connected', [CompletionResultType]::ParameterName, 'Only sources whose agent is (true) or is not (false) connected')
            [CompletionResult]::new('--enterprise-project-id', '--enterprise-project-id', [CompletionResultType]::ParameterName, 'Only sources in this enterprise project')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the X-Auth-Token from this file (`-` reads standard input)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline in seconds for each API call, retries and their waits included')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed request (connection errors, timeouts, 429, 5xx)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Follow every source (that matches the filters)')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'End at the first source that ends in error or stopped, naming it (exit 1)')
            [CompletionResult]::new('--fail-on-stall', '--fail-on-stall', [CompletionResultType]::ParameterName, 'End at the first stalled source, naming it (exit 1)')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Pass when the selection matches no source (by default that is exit 1)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Every field and column, empty ones included, none left out for the terminal''s width (shortcut for `--output wide`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shortcut for `--output json`')
            [CompletionResult]::new('--yaml', '--yaml', [CompletionResultType]::ParameterName, 'Shortcut for `--output yaml`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sms-inspect;completions' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json. Each result on its own line: strings raw, everything else as compact JSON')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the X-Auth-Token from this file (`-` reads standard input)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline in seconds for each API call, retries and their waits included')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a failed request (connection errors, timeouts, 429, 5xx)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Every field and column, empty ones included, none left out for the terminal''s width (shortcut for `--output wide`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shortcut for `--output json`')
            [CompletionResult]::new('--yaml', '--yaml', [CompletionResultType]::ParameterName, 'Shortcut for `--output yaml`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request and response line to stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
