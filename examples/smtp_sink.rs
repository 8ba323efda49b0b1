//! The benchmark's SMTP server (R1 in `bench/run.sh`): accepts every mail,
//! keeps none, and writes how many mails to `r1-…` recipients it accepted to
//! a status file (`COUNT FIRST LAST`, seconds since the epoch) at most every
//! 20 ms and when it stops.
//!
//! ```text
//! cargo run --release --example smtp_sink -- STATUS_FILE [PORT]
//! ```
//!
//! Prints the port it listens on (127.0.0.1 only) on the first line of
//! stdout; runs until killed. It stands in for an
//! organisation's mail relay, which accepts thousands of mails a second:
//! the Python aiosmtpd sink it replaced spent 1.7 ms of CPU per mail, so
//! R1 measured the sink (10,000 mails took at least 17 s of its CPU alone
//! on a 2-core machine). This one is plain SMTP (RFC 5321: EHLO/HELO,
//! MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT), one thread per
//! connection, no TLS.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What has been accepted: the count, and when the first and the last came.
#[derive(Default)]
struct Tally {
    count: AtomicU64,
    times: Mutex<(f64, f64)>,
}

impl Tally {
    fn accepted(&self) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        let mut times = self.times.lock().unwrap_or_else(|e| e.into_inner());
        if times.0 == 0.0 {
            times.0 = now;
        }
        times.1 = now;
        self.count.fetch_add(1, Ordering::Release);
    }

    fn write(&self, path: &str) -> std::io::Result<()> {
        let (first, last) = *self.times.lock().unwrap_or_else(|e| e.into_inner());
        let count = self.count.load(Ordering::Acquire);
        let tmp = format!("{path}.tmp");
        std::fs::write(&tmp, format!("{count} {first:.3} {last:.3}\n"))?;
        std::fs::rename(tmp, path)
    }
}

/// The recipients of the mail in hand.
struct Envelope {
    /// Whether every recipient so far is an `r1-…` address.
    all_r1: bool,
    /// How many recipients it has.
    recipients: usize,
}

impl Default for Envelope {
    fn default() -> Self {
        Self {
            all_r1: true,
            recipients: 0,
        }
    }
}

/// One SMTP session until QUIT or the client goes away.
fn session(stream: TcpStream, tally: &Tally) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    out.write_all(b"220 sink.bench ESMTP\r\n")?;
    let mut line = Vec::new();
    let mut envelope = Envelope::default();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let verb = text.get(..4).unwrap_or(&text).to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.bench\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 52428800\r\n",
            "HELO" => b"250 sink.bench\r\n",
            "MAIL" | "RSET" => {
                envelope = Envelope::default();
                b"250 OK\r\n"
            }
            "RCPT" => {
                let address = text.split_once(':').map_or("", |(_, a)| a.trim());
                let address = address.trim_start_matches('<');
                envelope.all_r1 &= address.starts_with("r1-");
                envelope.recipients += 1;
                b"250 OK\r\n"
            }
            "DATA" if envelope.recipients == 0 => b"554 no valid recipients\r\n",
            "DATA" => {
                out.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
                loop {
                    line.clear();
                    if input.read_until(b'\n', &mut line)? == 0 {
                        return Ok(());
                    }
                    if line == b".\r\n" || line == b".\n" {
                        break;
                    }
                }
                if envelope.all_r1 {
                    tally.accepted();
                }
                envelope = Envelope::default();
                b"250 OK queued\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                out.write_all(b"221 sink.bench closing\r\n")?;
                return Ok(());
            }
            _ => b"502 command not implemented\r\n",
        };
        out.write_all(reply)?;
    }
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(status) = args.next() else {
        eprintln!("usage: smtp_sink STATUS_FILE [PORT]");
        std::process::exit(2);
    };
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let tally = Arc::new(Tally::default());
    tally.write(&status)?;
    println!("{}", listener.local_addr()?.port());
    std::io::stdout().flush()?;
    // The status is written every 20 ms while it changes; the process runs
    // until it is killed.
    {
        let tally = tally.clone();
        let status = status.clone();
        std::thread::spawn(move || {
            let mut written = 0;
            loop {
                std::thread::sleep(Duration::from_millis(20));
                let count = tally.count.load(Ordering::Acquire);
                if count != written && tally.write(&status).is_ok() {
                    written = count;
                }
            }
        });
    }
    for stream in listener.incoming().flatten() {
        let tally = tally.clone();
        std::thread::spawn(move || {
            let _ = session(stream, &tally);
        });
    }
    Ok(())
}
