//! Snapshots of every mail kind in every language (`snapshots/`), so that a
//! change of wording or layout is a reviewed diff rather than a surprise.
//!
//! After an intended change, run the tests with `INSTA_UPDATE=always` (or
//! `cargo insta review`) and commit the changed `.snap` files with it.

use super::custom::Template;
use super::template::{CustomText, EventChange, MailKind};
use crate::facts::EventFacts;
use crate::i18n::Locale;

/// A hybrid afternoon in Göteborg with everything a mail may show; values
/// that need escaping in HTML on purpose.
fn event() -> EventFacts {
    EventFacts {
        title: "Höstkonferens <AllAgeHub> & vänner".into(),
        starts_at: "2026-11-26T08:00:00Z".parse().expect("instant"),
        ends_at: "2026-11-26T15:00:00Z".parse().expect("instant"),
        time_zone: "Europe/Stockholm".into(),
        venue: Some("Lindholmen Conference Centre, Lindholmspiren 5, Göteborg".into()),
        accessibility: Some("Hiss och hörslinga".into()),
        join_link: Some("https://example.se/join?a=1&b=2".into()),
        online_details: Some("Mötesnummer: 2740 123 4567\nLösenord: höst26".into()),
        page_link: Some("https://traffpunkt.example/events/42".into()),
        translations: Default::default(),
    }
}

/// Two days across the end of summer time, online only.
fn across_days() -> EventFacts {
    EventFacts {
        title: "Samling: friske eldre".into(),
        starts_at: "2026-10-24T07:00:00Z".parse().expect("instant"),
        ends_at: "2026-10-25T14:00:00Z".parse().expect("instant"),
        time_zone: "Europe/Oslo".into(),
        venue: None,
        accessibility: None,
        join_link: None,
        online_details: None,
        page_link: None,
        translations: Default::default(),
    }
}

/// Every kind once, some twice where a field changes what is said; named.
fn every_kind() -> Vec<(&'static str, MailKind)> {
    let name = "Åsa Öberg".to_owned();
    let manage = Some("https://traffpunkt.example/registrations/manage?token=tpm_x".to_owned());
    let custom = CustomText::new(
        Template::parse("Snart dags: {{event_title}}").expect("subject"),
        Template::parse(
            "Vi ses {{starts_at_local}} på {{venue}}.\nLänk: {{join_link}}\nAnmälan: {{manage_link}}",
        )
        .expect("body"),
    );
    vec![
        (
            "sign_in_link",
            MailKind::SignInLink {
                name: Some(name.clone()),
                link: "https://traffpunkt.example/sign-in?token=t0k3n".into(),
                token: Some("t0k3n".into()),
                expires_in_minutes: 15,
            },
        ),
        (
            "sign_in_link_unknown_name",
            MailKind::SignInLink {
                name: None,
                link: "https://traffpunkt.example/sign-in?token=t0k3n".into(),
                token: None,
                expires_in_minutes: 15,
            },
        ),
        (
            "registration_received",
            MailKind::RegistrationReceived {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
            },
        ),
        (
            "registration_confirmed",
            MailKind::RegistrationConfirmed {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
            },
        ),
        (
            "registration_confirmed_across_days",
            MailKind::RegistrationConfirmed {
                name: name.clone(),
                event: across_days(),
                manage_link: None,
            },
        ),
        (
            "registration_link_again",
            MailKind::RegistrationLinkAgain {
                name: name.clone(),
                event: event(),
                manage_link: "https://traffpunkt.example/registrations/manage?token=tpm_x".into(),
            },
        ),
        (
            "confirm_address",
            MailKind::ConfirmAddress {
                name: name.clone(),
                event: event(),
                manage_link: "https://traffpunkt.example/registrations/manage?token=tpm_x".into(),
                minutes: 30,
            },
        ),
        (
            "registration_cancelled",
            MailKind::RegistrationCancelled {
                name: name.clone(),
                event: event(),
            },
        ),
        (
            "waitlisted",
            MailKind::Waitlisted {
                name: name.clone(),
                event: event(),
                position: Some(3),
                manage_link: manage.clone(),
            },
        ),
        (
            "promoted_from_waitlist",
            MailKind::PromotedFromWaitlist {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
            },
        ),
        (
            "application_approved",
            MailKind::ApplicationApproved {
                name: name.clone(),
                event: event(),
                message: Some("Varmt välkomna!".into()),
                manage_link: manage.clone(),
                waitlist_position: None,
            },
        ),
        (
            "application_approved_waitlisted",
            MailKind::ApplicationApproved {
                name: name.clone(),
                event: event(),
                message: None,
                manage_link: manage.clone(),
                waitlist_position: Some(3),
            },
        ),
        (
            "application_rejected",
            MailKind::ApplicationRejected {
                name: name.clone(),
                event: event(),
                message: Some("Tyvärr fick vi fler ansökningar än platser.".into()),
            },
        ),
        (
            "reminder",
            MailKind::Reminder {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
                unsubscribe_link: Some("https://traffpunkt.example/u/x".into()),
                custom: None,
            },
        ),
        (
            "reminder_custom",
            MailKind::Reminder {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
                unsubscribe_link: Some("https://traffpunkt.example/u/x".into()),
                custom: Some(custom),
            },
        ),
        (
            "event_changed",
            MailKind::EventChanged {
                name: name.clone(),
                event: event(),
                changes: vec![EventChange::Time, EventChange::Place, EventChange::Link],
                manage_link: manage.clone(),
            },
        ),
        (
            "event_cancelled",
            MailKind::EventCancelled {
                name: name.clone(),
                event: event(),
                reason: Some("Sjukdom".into()),
            },
        ),
        (
            "webhook_disabled",
            MailKind::WebhookDisabled {
                name,
                network: "Socialchefsnätverket".into(),
                url: "https://intranet.example/hooks/traffpunkt".into(),
                failures: 20,
                link: "https://traffpunkt.example/organise/networks/x".into(),
            },
        ),
    ]
}

#[test]
fn every_mail_kind_in_every_language() {
    let mut seen = std::collections::BTreeSet::new();
    for (name, kind) in every_kind() {
        seen.insert(kind.code());
        for locale in Locale::ALL {
            let mail = kind.render(locale, "Göteborgsregionen");
            let snapshot = format!(
                "Subject: {}\n\n----- text/plain -----\n{}\n----- text/html -----\n{}\n",
                mail.subject, mail.text, mail.html
            );
            insta::assert_snapshot!(format!("{name}.{locale}"), snapshot);
        }
    }
    // A new kind must be added above (and so reviewed in all languages).
    assert_eq!(seen.len(), 14, "every kind has a snapshot: {seen:?}");
}
