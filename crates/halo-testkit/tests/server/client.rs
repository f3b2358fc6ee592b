//! A minimal HTTP/1.1 client over a raw `TcpStream`, so tests see exactly what went on the wire
//! (including resets and truncated bodies).

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed reply.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body is shorter than its `Content-Length`.
    pub truncated: bool,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// What came back: a reply, or a connection that ended before a status line.
#[derive(Debug)]
pub enum Wire {
    Reply(Reply),
    /// Closed or reset before any response (`reset` says ECONNRESET was seen).
    NoResponse {
        reset: bool,
    },
}

impl Wire {
    pub fn reply(self) -> Reply {
        match self {
            Wire::Reply(reply) => reply,
            Wire::NoResponse { reset } => panic!("no response (reset: {reset})"),
        }
    }
}

/// Sends one request (with `Connection: close`) and reads everything until the server closes.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Wire {
    send_raw(addr, &request_bytes(method, target, headers, body)).await
}

pub fn request_bytes(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut request = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        request.push_str("Host: 127.0.0.1\r\n");
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Sends raw bytes and parses whatever comes back.
pub async fn send_raw(addr: SocketAddr, bytes: &[u8]) -> Wire {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    // The server may answer and close before reading everything (e.g. a refused huge body).
    let _ = stream.write_all(bytes).await;
    let mut received = Vec::new();
    let mut reset = false;
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                reset = true;
                break;
            }
            Err(e) => panic!("read: {e}"),
        }
    }
    parse(&received).map_or(Wire::NoResponse { reset }, Wire::Reply)
}

fn parse(received: &[u8]) -> Option<Reply> {
    let split = received.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&received[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = received[split + 4..].to_vec();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let truncated = length.is_some_and(|len| body.len() < len);
    if let Some(len) = length {
        body.truncate(len);
    }
    Some(Reply {
        status,
        headers,
        body,
        truncated,
    })
}
