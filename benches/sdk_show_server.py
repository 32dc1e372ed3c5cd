"""The official Python SDK's show_server against the loopback stand-in, as a user runs it:
one process, one call (the SDK signs with AK/SK like sms-inspect does).

    python3 benches/sdk_show_server.py http://127.0.0.1:PORT SOURCE_ID
"""
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdksms.v3 import ShowServerRequest, SmsClient

endpoint, source_id = sys.argv[1], sys.argv[2]
config = HttpConfig.get_default_config()
config.retry_times = 0
client = (
    SmsClient.new_builder()
    .with_http_config(config)
    .with_credentials(BasicCredentials("AKBENCH", "skbench", "projbench"))
    .with_endpoints([endpoint])
    .build()
)
response = client.show_server(ShowServerRequest(source_id=source_id))
assert response.name, response
