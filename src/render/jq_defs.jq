# Where jaq 3 differs from jq 1.6 on what scripts meet in API data (null fields above all),
# jq 1.6's behaviour, defined here. Later definitions shadow jaq's own.
# join: null members are empty strings, numbers and booleans their JSON text.
def join($x):
  reduce .[] as $i (null;
    (if . == null then "" else . + $x end)
    + ($i | if . == null then "" elif type == "string" then . else tojson end)) // "";
# ltrimstr/rtrimstr: anything that is not a string, or does not match, comes back unchanged.
def ltrimstr($x):
  if type == "string" and ($x | type) == "string" and startswith($x)
  then .[($x | length):] else . end;
def rtrimstr($x):
  if type == "string" and ($x | type) == "string" and ($x | length) > 0 and endswith($x)
  then .[:length - ($x | length)] else . end;
# The formats jaq 3 leaves out.
def @csv:
  if type != "array" then error("\(type) (\(tojson)) cannot be csv-formatted, only an array can be")
  else map(
    if type == "string" then "\"" + (split("\"") | join("\"\"")) + "\""
    elif type == "number" or type == "boolean" then tojson
    elif type == "null" then ""
    else error("\(type) (\(tojson)) is not valid in a csv row")
    end) | join(",")
  end;
def @tsv:
  if type != "array" then error("\(type) (\(tojson)) cannot be tsv-formatted, only an array can be")
  else map(
    if type == "string" then split("\\") | join("\\\\") | split("\t") | join("\\t")
      | split("\n") | join("\\n") | split("\r") | join("\\r")
    elif type == "number" or type == "boolean" then tojson
    elif type == "null" then ""
    else error("\(type) (\(tojson)) is not valid in a tsv row")
    end) | join("\t")
  end;
# todate: whole seconds, as jq 1.6 writes them (its gmtime truncates toward zero), where
# jaq keeps the fraction (`2023-11-14T22:13:20.5Z`).
def todateiso8601:
  if type == "number" then (if . < 0 then ceil else floor end) else . end
  | strftime("%Y-%m-%dT%H:%M:%SZ");
def todate: todateiso8601;
