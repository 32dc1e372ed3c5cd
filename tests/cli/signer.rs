//! Our SDK-HMAC-SHA256 signatures against vectors from the official Python SDK's own signer
//! (tests/cli/data/make_signer_vectors.py wrote tests/cli/data/signer-vectors.json).

use serde_json::Value;
use sms_inspect::api::signer::{Request, authorization};
use sms_inspect::credentials::Secret;

#[test]
fn signatures_match_the_official_sdk() {
    let text = include_str!("data/signer-vectors.json");
    let vectors: Vec<Value> = serde_json::from_str(text).unwrap();
    assert!(vectors.len() >= 6);
    for v in vectors {
        let s = |k: &str| v[k].as_str().unwrap().to_owned();
        let query: Vec<(String, String)> = v["query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
            .collect();
        let (date, host) = (s("date"), s("host"));
        let mut headers: Vec<(&str, &str)> = vec![("Host", &host), ("X-Sdk-Date", &date)];
        let extra: Vec<(String, String)> = v["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_owned()))
            .collect();
        headers.extend(extra.iter().map(|(k, x)| (k.as_str(), x.as_str())));
        let got = authorization(
            &Request {
                method: "GET",
                path: &s("path"),
                query: &query,
                headers: &headers,
                date: &date,
            },
            &s("ak"),
            &Secret::new(s("sk")),
        );
        assert_eq!(got, s("authorization"), "vector {}", s("name"));
    }
}
