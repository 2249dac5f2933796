//! Outgoing mail. With an SMTP relay configured (`mail.smtp.host`) mail goes
//! out through lettre; without one (the embedded default) it is written to
//! the log at info level, links included, so a developer can follow them.
//!
//! Texts come in English and Traditional Chinese (zh-TW); when a member's
//! language is unknown a mail carries both. lettre encodes non-ASCII headers
//! (RFC 2047) and bodies.

use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{MailSettings, SmtpTls};

/// The languages mail is written in: the app's.
pub use atelier_api::i18n::Locale;

/// A plain-text mail to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
}

/// Sends mail through SMTP, or writes it to the log when no relay is set.
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> anyhow::Result<Mailer> {
        let from: Mailbox = settings
            .from
            .parse()
            .with_context(|| format!("mail.from `{}` is not a mailbox", settings.from))?;
        let smtp = &settings.smtp;
        let transport = match smtp.host.as_deref().map(str::trim) {
            Some(host) if !host.is_empty() => {
                let mut builder = match smtp.tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                    SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                        .context("setting up STARTTLS for mail.smtp")?,
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                        .context("setting up TLS for mail.smtp")?,
                };
                let port = smtp.port.unwrap_or(match smtp.tls {
                    SmtpTls::None => 25,
                    SmtpTls::Starttls => 587,
                    SmtpTls::Tls => 465,
                });
                builder = builder
                    .port(port)
                    .timeout(Some(Duration::from_secs(smtp.timeout_secs.max(1))));
                if let Some(user) = smtp.username.as_deref().filter(|u| !u.is_empty()) {
                    let password = smtp
                        .password
                        .as_ref()
                        .map(|p| p.expose_secret().to_owned())
                        .unwrap_or_default();
                    builder = builder.credentials(Credentials::new(user.to_owned(), password));
                }
                Some(builder.build())
            }
            _ => None,
        };
        Ok(Mailer { transport, from })
    }

    /// Whether mail leaves the process (otherwise it is only logged).
    pub fn is_smtp(&self) -> bool {
        self.transport.is_some()
    }

    pub async fn send(&self, mail: &OutgoingMail) -> anyhow::Result<()> {
        let Some(transport) = &self.transport else {
            tracing::info!(
                to = %mail.to,
                subject = %mail.subject,
                body = %mail.body,
                "no SMTP relay is configured (mail.smtp.host); this mail is written to the log instead of being sent"
            );
            return Ok(());
        };
        let to = Mailbox::new(
            Some(mail.to_name.clone()),
            mail.to.parse().context("the recipient address")?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .context("building the message")?;
        transport
            .send(message)
            .await
            .context("sending through the SMTP relay")?;
        tracing::info!(to = %mail.to, subject = %mail.subject, "mail sent");
        Ok(())
    }
}

/// Subject and body of the verification mail, in `locale`, or in both
/// languages when it is unknown.
pub fn verification_mail(
    locale: Option<Locale>,
    display_name: &str,
    link: &str,
    ttl_hours: i64,
) -> (String, String) {
    let en_subject = "Confirm your email address for Atelier";
    let zh_subject = "請確認您在 Atelier 的電子郵件地址";
    let en_body = format!(
        "Hello {display_name},\n\n\
         please confirm your email address by opening this link:\n\n\
         {link}\n\n\
         The link works for {ttl_hours} hours. If you did not create an account on Atelier, you can ignore this mail.\n"
    );
    let zh_body = format!(
        "{display_name} 您好：\n\n\
         請開啟以下連結，確認您的電子郵件地址：\n\n\
         {link}\n\n\
         此連結在 {ttl_hours} 小時內有效。如果您沒有在 Atelier 註冊帳號，請忽略這封郵件。\n"
    );
    match locale {
        Some(Locale::En) => (en_subject.to_owned(), en_body),
        Some(Locale::ZhTw) => (zh_subject.to_owned(), zh_body),
        None => (
            format!("{en_subject} / {zh_subject}"),
            format!("{en_body}\n----\n\n{zh_body}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_parse_from_tags_and_accept_language() {
        use actix_web::test::TestRequest;
        let asked = |v: &str| {
            crate::i18n::preferred_locale(
                &TestRequest::default()
                    .insert_header(("accept-language", v))
                    .to_http_request(),
            )
        };
        assert_eq!(Locale::from_tag("zh-TW"), Some(Locale::ZhTw));
        assert_eq!(Locale::from_tag("ZH_hant"), Some(Locale::ZhTw));
        assert_eq!(Locale::from_tag("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(asked("fr-FR, zh-TW;q=0.9, en;q=0.8"), Some(Locale::ZhTw));
        assert_eq!(asked("en;q=0.5, zh-TW;q=0.9"), Some(Locale::ZhTw));
        assert_eq!(asked("de, fr;q=0.4"), None);
        assert_eq!(asked("zh;q=0, en"), Some(Locale::En));
    }

    #[test]
    fn unknown_locale_gets_both_languages() {
        let (subject, body) = verification_mail(None, "Mei", "https://x/verify-email?token=t", 48);
        assert!(subject.contains("Confirm") && subject.contains("確認"));
        assert!(body.contains("Hello Mei") && body.contains("Mei 您好"));
        assert_eq!(body.matches("https://x/verify-email?token=t").count(), 2);
        let (subject, body) = verification_mail(Some(Locale::ZhTw), "Mei", "L", 48);
        assert!(!subject.contains("Confirm"));
        assert!(body.contains("48 小時"));
    }

    #[test]
    fn mailer_without_a_host_logs_and_a_bad_sender_is_refused() {
        let m = Mailer::new(&MailSettings::default()).unwrap();
        assert!(!m.is_smtp());
        let bad = MailSettings {
            from: "not a mailbox".into(),
            ..MailSettings::default()
        };
        assert!(Mailer::new(&bad).is_err());
    }
}
