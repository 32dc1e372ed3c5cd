# jq's formats that jaq 3 leaves out, defined as jq 1.6 defines their behaviour.
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
