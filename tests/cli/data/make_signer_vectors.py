"""Writes tests/cli/data/signer-vectors.json: Authorization headers computed by the official
huaweicloudsdkcore signer, which tests/signer.rs compares with ours.

    python3 -m venv /tmp/sdk && /tmp/sdk/bin/pip install huaweicloudsdkcore==3.1.219
    /tmp/sdk/bin/python tests/cli/data/make_signer_vectors.py > tests/cli/data/signer-vectors.json
"""
import json

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

CASES = [
    {"name": "token-less basic", "path": "/v3/sources/6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60", "query": [],
     "headers": {}},
    {"name": "project id", "path": "/v3/sources/abc_DEF-123", "query": [],
     "headers": {"X-Project-Id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9"}},
    {"name": "security token and project id", "path": "/v3/sources/abc", "query": [],
     "headers": {"X-Project-Id": "p1", "X-Security-Token": "st-VALUE/with+base64=="}},
    {"name": "list with query", "path": "/v3/sources",
     "query": [["limit", "200"], ["offset", "0"], ["name", "db prod/07 ü"], ["state", "waiting"]],
     "headers": {"X-Project-Id": "p1"}},
    {"name": "host with port", "host": "127.0.0.1:8443", "path": "/v3/sources/x", "query": [],
     "headers": {}},
    {"name": "endpoint path prefix", "path": "/sms/v3/sources/x", "query": [["connected", "true"]],
     "headers": {}},
]

out = []
for i, case in enumerate(CASES):
    ak = "AKCANARY%02dEXAMPLE" % i
    sk = "skCANARY%02d/secret+Value=" % i
    date = "20261127T1%05dZ" % (i * 101)
    host = case.get("host", "sms.ap-southeast-3.myhuaweicloud.com")
    headers = {"X-Sdk-Date": date}
    headers.update(case["headers"])
    request = SdkRequest(method="GET", schema="https", host=host, resource_path=case["path"],
                         query_params=[tuple(q) for q in case["query"]], header_params=dict(headers),
                         body="")
    Signer(BasicCredentials(ak, sk)).sign(request)
    out.append({
        "name": case["name"], "ak": ak, "sk": sk, "date": date, "host": host,
        "path": case["path"], "query": case["query"], "headers": case["headers"],
        "authorization": request.header_params["Authorization"],
    })
print(json.dumps(out, indent=2))
