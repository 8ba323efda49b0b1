//! A real SMTP server for the mail tests: `tests/support/smtp_server.py`
//! (Python aiosmtpd) on a free loopback port, one per test, killed on drop.
//! It stores every accepted message as a file; tests read them back.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How the server should misbehave.
#[derive(Debug, Default, Clone)]
pub struct SmtpOptions {
    /// Answer 550 to these recipients.
    pub reject: Vec<String>,
    /// Answer 451 to these recipients once, then accept.
    pub tempfail_once: Vec<String>,
    /// Drop the connection after the DATA of the first message to these.
    pub drop_once: Vec<String>,
    /// Do not announce SMTPUTF8.
    pub no_smtputf8: bool,
}

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The message as received.
    pub raw: Vec<u8>,
    /// `MAIL FROM`.
    pub mail_from: String,
    /// `RCPT TO`s.
    pub rcpt_tos: Vec<String>,
    /// Whether the client asked for SMTPUTF8.
    pub smtputf8: bool,
}

/// A running test SMTP server.
pub struct SmtpServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py")
}

impl SmtpServer {
    /// Starts a well-behaved server.
    pub fn start() -> Self {
        Self::start_with(SmtpOptions::default())
    }

    /// Starts a server that misbehaves as asked. Panics with a clear message
    /// when Python or aiosmtpd is missing: the mail tests never skip.
    pub fn start_with(options: SmtpOptions) -> Self {
        crate::helpers::python_ready();
        let dir =
            crate::helpers::scratch_dir().join(format!("smtp-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("smtp dir");
        let mut command = Command::new("python3");
        command.arg(script()).arg("--dir").arg(&dir);
        for address in &options.reject {
            command.arg("--reject").arg(address);
        }
        for address in &options.tempfail_once {
            command.arg("--tempfail-once").arg(address);
        }
        for address in &options.drop_once {
            command.arg("--drop-once").arg(address);
        }
        if options.no_smtputf8 {
            command.arg("--no-smtputf8");
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| {
                panic!("cannot start python3 for the test SMTP server ({err}); install Python 3 and `pip install aiosmtpd`")
            });
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line).unwrap_or(0);
        let port = line.trim().parse::<u16>().ok().filter(|_| read > 0);
        let Some(port) = port else {
            let _ = child.kill();
            let status = child.wait().ok().and_then(|s| s.code());
            let mut stderr = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = err.read_to_string(&mut stderr);
            }
            panic!(
                "the test SMTP server did not start (exit {status:?}): {}\n\
                 the mail tests need Python 3 with aiosmtpd: `pip install aiosmtpd`",
                stderr.trim()
            );
        };
        Self { port, dir, child }
    }

    /// The `SMTP_URL` of this server.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("read smtp dir")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|eml| {
                let meta: serde_json::Value = serde_json::from_slice(
                    &std::fs::read(eml.with_extension("json")).expect("envelope"),
                )
                .expect("envelope json");
                Received {
                    raw: std::fs::read(&eml).expect("message"),
                    mail_from: meta["mail_from"].as_str().unwrap_or_default().to_owned(),
                    rcpt_tos: meta["rcpt_tos"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                    smtputf8: meta["smtputf8"].as_bool().unwrap_or(false),
                }
            })
            .collect()
    }

    /// Waits (polling, with a deadline) until at least `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} mails, got {}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
