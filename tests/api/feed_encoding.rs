//! Feeds compressed for the clients that accept it: gzip and brotli by
//! `Accept-Encoding`, each coding with its own ETag, `Vary: Accept-Encoding`
//! on every answer, a copy in any coding of the current version answered
//! with 304, and the compressed bodies decoding to the feed byte for byte
//! (gzip by Python's own `gzip`, an independent implementation).

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

use crate::fixtures::{EventBuilder, NetworkBuilder};
use crate::helpers::TestApp;

/// Status, headers and raw body of a GET (or HEAD) with headers.
async fn raw(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = app.http.request(method, app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let (status, headers) = (response.status(), response.headers().clone());
    (
        status,
        headers,
        response.bytes().await.expect("body").to_vec(),
    )
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// `gzip` decoded by Python's standard library.
fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut python = Command::new("python3")
        .args([
            "-c",
            "import gzip, sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    python
        .stdin
        .take()
        .expect("stdin")
        .write_all(body)
        .expect("write");
    let out = python.wait_with_output().expect("python");
    assert!(out.status.success(), "gzip refused the body");
    out.stdout
}

#[tokio::test]
async fn feeds_are_compressed_for_those_who_accept_it() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    for title in ["Nätverksträff januari", "Nätverksträff februari"] {
        EventBuilder::new(&network)
            .title(title)
            .published()
            .insert(&app)
            .await;
    }
    let path = format!("/calendar/networks/{}.ics", network.slug);
    let get = reqwest::Method::GET;

    let (status, plain_headers, plain) = raw(&app, get.clone(), &path, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&plain_headers, header::CONTENT_ENCODING), "");
    assert_eq!(header(&plain_headers, header::VARY), "Accept-Encoding");
    let etag = header(&plain_headers, header::ETAG).to_owned();

    // gzip, as calendar services ask: its own tag, the same feed inside.
    let (status, gz_headers, gz) = raw(
        &app,
        get.clone(),
        &path,
        &[("Accept-Encoding", "gzip, deflate")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&gz_headers, header::CONTENT_ENCODING), "gzip");
    assert_eq!(header(&gz_headers, header::VARY), "Accept-Encoding");
    let gz_etag = header(&gz_headers, header::ETAG).to_owned();
    assert_eq!(gz_etag, format!("{}-gzip\"", etag.trim_end_matches('"')));
    assert_eq!(gunzip(&gz), plain, "gzip decodes to the feed");
    assert!(gz.len() < plain.len(), "{} vs {}", gz.len(), plain.len());

    // brotli where it is weighed higher; decoded to the same feed.
    let (_, br_headers, br) = raw(
        &app,
        get.clone(),
        &path,
        &[("Accept-Encoding", "gzip;q=0.8, br")],
    )
    .await;
    assert_eq!(header(&br_headers, header::CONTENT_ENCODING), "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut decoded).expect("brotli");
    assert_eq!(decoded, plain);
    let br_etag = header(&br_headers, header::ETAG).to_owned();
    assert_ne!(br_etag, gz_etag);
    assert_ne!(br_etag, etag);

    // The second gzip answer is the kept one, byte for byte.
    let (_, _, again) = raw(&app, get.clone(), &path, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(again, gz);

    // A copy in any coding of the current version is current.
    for tag in [&etag, &gz_etag, &br_etag] {
        let (status, headers, _) = raw(
            &app,
            get.clone(),
            &path,
            &[("If-None-Match", tag), ("Accept-Encoding", "gzip")],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{tag}");
        assert_eq!(header(&headers, header::ETAG), gz_etag);
        assert_eq!(header(&headers, header::VARY), "Accept-Encoding");
    }

    // HEAD says what its GET would send.
    let (_, head, _) = raw(
        &app,
        reqwest::Method::HEAD,
        &path,
        &[("Accept-Encoding", "gzip")],
    )
    .await;
    assert_eq!(header(&head, header::CONTENT_ENCODING), "gzip");
    assert_eq!(header(&head, header::ETAG), gz_etag);

    // A coding refused with q=0 is not sent.
    let (_, refused, body) =
        raw(&app, get, &path, &[("Accept-Encoding", "br;q=0, gzip;q=0")]).await;
    assert_eq!(header(&refused, header::CONTENT_ENCODING), "");
    assert_eq!(body, plain);
}
