//! Mail for the tests: a real SMTP server on loopback, and a capture of the
//! log for the embedded default (no SMTP, mail written to the log).
//!
//! The server is `mailin-embedded` from crates.io: a maintained SMTP server
//! library that speaks EHLO, MAIL, RCPT, DATA and QUIT (and STARTTLS, unused
//! here) over real sockets, so lettre's SMTP client in the app runs exactly
//! as against a production relay. It serves on blocking threads and has no
//! shutdown: each server's thread ends with the test process.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use atelier::config::{Settings, SmtpTls};
use mailin_embedded::{Handler, Response, Server, SslConfig, response};

/// One mail as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after DATA (headers and encoded body).
    pub data: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a parsable message")
    }

    /// The decoded subject (RFC 2047 undone).
    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    /// The decoded plain-text body.
    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|b| b.into_owned())
            .unwrap_or_default()
    }

    /// The `Subject:` header line as it went over the wire.
    pub fn raw_subject(&self) -> String {
        let raw = String::from_utf8_lossy(&self.data);
        let mut out = String::new();
        let mut inside = false;
        for line in raw.lines() {
            if line.to_ascii_lowercase().starts_with("subject:") {
                inside = true;
                out.push_str(line);
            } else if inside && line.starts_with([' ', '\t']) {
                out.push_str(line);
            } else if inside {
                break;
            }
        }
        out
    }
}

#[derive(Clone)]
struct Sink {
    inbox: Arc<Mutex<Vec<Received>>>,
    current: Option<Received>,
}

impl Handler for Sink {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: from.to_owned(),
            to: to.to_vec(),
            data: Vec::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(m) = self.current.as_mut() {
            m.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(m) = self.current.take() {
            self.inbox.lock().unwrap().push(m);
        }
        response::OK
    }
}

pub struct SmtpServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let mut server = Server::new(Sink {
            inbox: inbox.clone(),
            current: None,
        });
        server
            .with_name("smtp.test")
            .with_ssl(SslConfig::None)
            .unwrap()
            .with_num_threads(2)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, inbox }
    }

    /// Points the app's mail at this server (plain SMTP on loopback).
    pub fn configure(&self, settings: &mut Settings) {
        settings.mail.smtp.host = Some("127.0.0.1".into());
        settings.mail.smtp.port = Some(self.port);
        settings.mail.smtp.tls = SmtpTls::None;
        settings.mail.smtp.timeout_secs = 5;
        settings.mail.from = "Atelier <no-reply@atelier.test>".into();
    }

    /// Waits (up to 10 s) for the first mail to `to` after `skip` earlier ones.
    pub async fn mail_to(&self, to: &str, skip: usize) -> Received {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self
                .inbox
                .lock()
                .unwrap()
                .iter()
                .filter(|m| m.to.iter().any(|t| t == to))
                .nth(skip)
                .cloned();
            if let Some(m) = found {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "no mail #{skip} to {to} arrived; inbox: {:?}",
                self.inbox.lock().unwrap()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn count_to(&self, to: &str) -> usize {
        self.inbox
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .count()
    }
}

/// The token of the first verification link in `text`.
pub fn token_in(text: &str) -> String {
    let start = text
        .find("/verify-email?token=")
        .unwrap_or_else(|| panic!("no verification link in {text:?}"))
        + "/verify-email?token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[derive(Clone)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the app logged from `atelier::mail` in this test process. The app
/// runs on its own worker threads, so the capture is the global subscriber,
/// installed once per process; tests pick out their own lines by address.
pub fn mail_log() -> String {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    let buf = LOG.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = LogBuffer(buf.clone());
        tracing_subscriber::fmt()
            .with_env_filter("atelier::mail=info")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("no other global subscriber in the test process");
        buf
    });
    String::from_utf8_lossy(&buf.lock().unwrap()).into_owned()
}

/// Waits (up to 10 s) for a logged mail to `to`; returns that log record.
pub async fn logged_mail_to(to: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let log = mail_log();
        if let Some(pos) = log.find(&format!("to={to}")) {
            // A record runs from its timestamp line to the next one.
            let start = log[..pos].rfind('\n').map_or(0, |i| i + 1);
            return log[start..].to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "no mail to {to} in the log:\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
